using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>GET /api/failures</c>: why runs failed, one group per (flow version, node, error code), newest first.</summary>
public static class FailuresApi
{
    public static IEndpointRouteBuilder MapFailuresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/failures", GroupsAsync).WithTags("Runs").RequireAuthorization(Roles.Policies.Read)
            .WithSummary("Failed runs grouped by flow version, node and error code (filters: flow, range (default 7d) or from/to, limit up to 200)");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<FailureGroup>>, ProblemHttpResult>> GroupsAsync(HttpRequest request, FailureQueries failures, TimeProvider time, CancellationToken cancellationToken)
    {
        var (window, errors) = FailureWindow.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        return TypedResults.Ok(await failures.GroupsAsync(window.Flow, window.From, window.To, window.Limit, cancellationToken));
    }
}
