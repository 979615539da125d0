using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using FlowRuns.Web.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/runs/{id}/cancel</c>, <c>/replay</c>, <c>/resume</c>: operate on one run.</summary>
public static class RunOperationsApi
{
    public static IEndpointRouteBuilder MapRunOperationsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs/{id}").WithTags("Runs");
        runs.MapPost("cancel", CancelAsync).WithSummary("Cancel a run: its pending wait is abandoned and nothing more is sent");
        runs.MapPost("replay", ReplayAsync).WithSummary("Replay a run: {} for the original data and version, or { data, version: original|current }").Accepts<ReplayBody>("application/json")
            .RequireRateLimiting(RateLimits.RunStarts);
        runs.MapPost("resume", ResumeAsync).WithSummary("Resume a run whose wake time has come (refused before it)");
        return app;
    }

    public static async Task<Results<Ok<RunStartedResponse>, ProblemHttpResult>> CancelAsync(string id, HttpRequest request, FlowEngine engine, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var by = request.Headers["X-FlowRuns-User"].FirstOrDefault() is { Length: > 0 } user ? user : "api";
        CancelOutcome outcome;
        try { outcome = await engine.CancelAsync(runId, by, cancellationToken); }
        catch (TimeoutException ex) { return ApiProblems.Conflict(ex.Message); } // another engine held it past two leases: nothing changed
        return outcome.Status switch
        {
            CancelStatus.Cancelled => TypedResults.Ok(new RunStartedResponse(runId.ToString("N"), RunStatus.Cancelled.ToString())),
            CancelStatus.NotFound => ApiProblems.NotFound(outcome.Message, "id"),
            _ => ApiProblems.Conflict(outcome.Message),
        };
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> ReplayAsync(string id, HttpRequest request, FlowEngine engine, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var (body, problem) = await RequestBody.ReadAsync(request, cancellationToken, empty: new ReplayBody());
        if (problem is not null) return problem;
        var version = body!.Version ?? "original";
        if (version is not ("original" or "current"))
            return ApiProblems.BadRequest("version", "'version' is \"original\" (the version the run executed) or \"current\" — a version number is not accepted here.");
        var data = body.Data;
        try
        {
            var replay = await engine.ReplayAsync(runId, data is null ? null : Values.FromJson(data) as IReadOnlyDictionary<string, object?>, version == "current", cancellationToken);
            if (replay is null) return ApiProblems.NotFound($"No run '{id}' exists.", "id");
            await replay.Committed;
            return TypedResults.Accepted($"/api/runs/{replay.Id:N}", new RunStartedResponse(replay.Id.ToString("N"), replay.Run.Status.ToString()));
        }
        catch (FlowNotActiveException ex) { return ApiProblems.Conflict(ex.Message); }
        catch (FlowNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "version"); }
        catch (ContactNotFoundException ex) { return ApiProblems.Conflict(ex.Message); }
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> ResumeAsync(string id, FlowEngine engine, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var outcome = await engine.ResumeAsync(runId, new ResumeReason.Timer("api"), cancellationToken);
        return outcome.Status switch
        {
            ResumeStatus.Resumed => TypedResults.Accepted($"/api/runs/{runId:N}", new RunStartedResponse(runId.ToString("N"), RunStatus.Running.ToString())),
            ResumeStatus.NotFound => ApiProblems.NotFound(outcome.Message, "id"),
            _ => ApiProblems.Conflict(outcome.Message),
        };
    }
}
