using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>GET /api/flows/{key}/versions</c>: every version in figures (runs, outcomes, failure rate, median and p95 duration);
/// <c>GET /api/flows/{key}/versions/{a}/diff/{b}</c>: what changed from version a to b (nodes and edges added, removed, changed).
/// </summary>
public static class VersionsApi
{
    public static IEndpointRouteBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var versions = app.MapGroup("/api/flows/{key}/versions").WithTags("Flows").RequireAuthorization(Roles.Policies.Read);
        versions.MapGet("", FiguresAsync).WithSummary("Every version of a flow in figures, newest first");
        versions.MapGet("{before:int}/diff/{after:int}", DiffAsync).WithSummary("What changed between two versions of a flow");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<VersionFigures>>, ProblemHttpResult>> FiguresAsync(string key, FlowStatsQueries stats, CancellationToken cancellationToken) =>
        await stats.VersionsAsync(key, cancellationToken) is { } figures
            ? TypedResults.Ok(figures)
            : ApiProblems.NotFound($"No flow '{Shorten(key)}' is published.", "key");

    public static async Task<Results<Ok<FlowDiff>, ProblemHttpResult>> DiffAsync(string key, int before, int after, FlowQueries flows, CancellationToken cancellationToken)
    {
        var older = await flows.GetAsync(key, before, cancellationToken);
        if (older is null) return ApiProblems.NotFound($"Flow '{Shorten(key)}' has no version {before}.", "before");
        var newer = await flows.GetAsync(key, after, cancellationToken);
        if (newer is null) return ApiProblems.NotFound($"Flow '{Shorten(key)}' has no version {after}.", "after");
        return TypedResults.Ok(FlowDiff.Of(before, FlowJson.Parse(older.Definition), after, FlowJson.Parse(newer.Definition)));
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
