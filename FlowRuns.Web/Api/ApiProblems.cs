using FlowRuns.Engine.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>RFC 7807 answers that name what was wrong: the field, node or edge.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string field, string detail) =>
        TypedResults.Problem(detail, title: "The request is not valid.", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    public static ProblemHttpResult NotFound(string detail, string? field = null) =>
        TypedResults.Problem(detail, title: "Not found.", statusCode: StatusCodes.Status404NotFound,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, title: "The request conflicts with the current state.", statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult Status(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status);

    /// <summary>Every problem of a flow definition, each with its node id, edge index and field.</summary>
    public static ProblemHttpResult Definition(IReadOnlyList<DefinitionProblem> problems) =>
        TypedResults.Problem(
            string.Join(" ", problems.Select(p => p.ToString() + (p.ToString().EndsWith('.') ? "" : "."))),
            title: $"The flow definition has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Select(p => new { nodeId = p.NodeId, edgeIndex = p.EdgeIndex, field = p.Field, message = p.Message }).ToList(),
                ["errors"] = problems.GroupBy(p => p.NodeId is not null ? $"nodes.{p.NodeId}" : p.EdgeIndex is not null ? $"edges[{p.EdgeIndex}]" : p.Field ?? "$")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            });
}
