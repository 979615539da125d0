using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>GET /api/flows/{key}/paths</c>: a version's ended runs grouped by the exact path they took, with how many runs
/// reached each node and took each edge (and, with <c>compare</c>, the same for a second version); and
/// <c>GET /api/flows/{key}/paths/{pathId}/runs</c>: one path's latest runs.
/// </summary>
public static class PathsApi
{
    public sealed record PathsResponse(VersionPaths Paths, VersionPaths? Compared);

    public static IEndpointRouteBuilder MapPathsApi(this IEndpointRouteBuilder app)
    {
        var paths = app.MapGroup("/api/flows/{key}/paths").WithTags("Flows").RequireAuthorization(Roles.Policies.Read);
        paths.MapGet("", GroupsAsync)
            .WithSummary("A version's runs grouped by path, with node and edge counts (version (default newest), compare, range published|24h|7d|30d or from/to by end time, limit up to 100)");
        paths.MapGet("{pathId:int}/runs", LatestRunsAsync).WithSummary("One path's latest runs (same version and window parameters)");
        return app;
    }

    public static async Task<Results<Ok<PathsResponse>, ProblemHttpResult>> GroupsAsync(string key, HttpRequest request, PathQueries paths, FlowQueries flows, TimeProvider time, CancellationToken cancellationToken)
    {
        var (window, errors) = PathWindow.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        var version = window.Version ?? await NewestAsync(key, flows, cancellationToken);
        if (version is null) return ApiProblems.NotFound($"No flow '{Shorten(key)}' is published.", "key");
        var result = await paths.ForVersionAsync(key, version.Value, window.From, window.To, window.Limit, cancellationToken);
        if (result is null) return ApiProblems.NotFound($"Flow '{Shorten(key)}' has no version {version}.", "version");
        VersionPaths? compared = null;
        if (window.Compare is { } other)
        {
            compared = await paths.ForVersionAsync(key, other, window.From, window.To, window.Limit, cancellationToken);
            if (compared is null) return ApiProblems.NotFound($"Flow '{Shorten(key)}' has no version {other}.", "compare");
        }
        return TypedResults.Ok(new PathsResponse(result, compared));
    }

    public static async Task<Results<Ok<IReadOnlyList<PathRun>>, ProblemHttpResult>> LatestRunsAsync(string key, int pathId, HttpRequest request, PathQueries paths, FlowQueries flows, TimeProvider time, CancellationToken cancellationToken)
    {
        var (window, errors) = PathWindow.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        var detail = await flows.GetAsync(key, window.Version, cancellationToken);
        if (detail is null) return ApiProblems.NotFound(window.Version is null ? $"No flow '{Shorten(key)}' is published." : $"Flow '{Shorten(key)}' has no version {window.Version}.", window.Version is null ? "key" : "version");
        var version = window.Version ?? detail.Versions.Max(v => v.Number);
        return TypedResults.Ok(await paths.LatestRunsAsync(key, version, pathId, window.From, window.To, PathQueries.LatestRuns, cancellationToken));
    }

    private static async Task<int?> NewestAsync(string key, FlowQueries flows, CancellationToken cancellationToken) =>
        (await flows.GetAsync(key, null, cancellationToken))?.Versions.Max(v => v.Number);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
