using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/flows</c>: publish flow versions, list flows, read one flow's graph.</summary>
public static class FlowsApi
{
    public static IEndpointRouteBuilder MapFlowsApi(this IEndpointRouteBuilder app)
    {
        var flows = app.MapGroup("/api/flows").WithTags("Flows");
        flows.MapPost("", PublishAsync)
            .WithSummary("Publish a flow definition")
            .WithDescription("The first publish of a key creates version 1; a changed graph creates the next version; an identical graph creates nothing (200).")
            .Accepts<object>("application/json")
            .RequireAuthorization(Roles.Policies.Operate);
        flows.MapGet("", ListAsync).WithSummary("List flows").RequireAuthorization(Roles.Policies.Read);
        flows.MapGet("{key}", GetAsync).WithSummary("One flow with its current version's graph (or ?version=N)").RequireAuthorization(Roles.Policies.Read);
        return app;
    }

    public static async Task<Results<Created<PublishResponse>, Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(
        HttpRequest request, FlowCatalog catalog, FlowCompiler compiler, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadNodeAsync(request, cancellationToken);
        if (problem is not null) return problem;
        try
        {
            var definition = FlowJson.Parse(body);
            var result = await catalog.PublishAsync(definition, cancellationToken);
            var response = new PublishResponse(result.Key, result.Version, result.Created);
            await audit.RecordAsync(Actor.From(request.HttpContext), AuditActions.Publish,
                result.Created ? $"version {result.Version} published" : $"identical to version {result.Version}; nothing published", flowKey: result.Key, cancellationToken: cancellationToken);
            return result.Created ? TypedResults.Created($"/api/flows/{result.Key}", response) : TypedResults.Ok(response);
        }
        catch (FlowDefinitionException ex)
        {
            return ApiProblems.Definition(compiler.AllProblems(ex));
        }
    }

    public static async Task<Ok<IReadOnlyList<FlowSummary>>> ListAsync(FlowQueries flows, CancellationToken cancellationToken) =>
        TypedResults.Ok(await flows.ListAsync(cancellationToken));

    public static async Task<Results<Ok<FlowDetail>, ProblemHttpResult>> GetAsync(string key, string? version, FlowQueries flows, CancellationToken cancellationToken)
    {
        int? number = null;
        if (!string.IsNullOrEmpty(version))
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return ApiProblems.BadRequest("version", $"'version' must be a version number (a whole number from 1 to {int.MaxValue}); '{Shorten(version)}' is not.");
            number = parsed;
        }
        var flow = await flows.GetAsync(key, number, cancellationToken);
        if (flow is not null) return TypedResults.Ok(flow);
        return number is null
            ? ApiProblems.NotFound($"No flow '{Shorten(key)}' is published.", "key")
            : ApiProblems.NotFound($"Flow '{Shorten(key)}' has no version {number}.", "version");
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
