using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using FlowRuns.Web.Access;
using FlowRuns.Web.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/runs/{id}/cancel</c>, <c>/replay</c>, <c>/resume</c>: operate on one run.</summary>
public static class RunOperationsApi
{
    public static IEndpointRouteBuilder MapRunOperationsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs/{id}").WithTags("Runs").RequireAuthorization(Roles.Policies.Operate);
        runs.MapPost("cancel", CancelAsync).WithSummary("Cancel a run: its pending wait is abandoned and nothing more is sent");
        runs.MapPost("replay", ReplayAsync).WithSummary("Replay a run: {} for the original data and version, or { data, version: original|current|<number> }").Accepts<ReplayBody>("application/json")
            .RequireRateLimiting(RateLimits.RunStarts);
        runs.MapPost("resume", ResumeAsync).WithSummary("Resume a run whose wake time has come (refused before it)");
        return app;
    }

    public static async Task<Results<Ok<RunStartedResponse>, ProblemHttpResult>> CancelAsync(string id, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var by = Actor.From(context);
        CancelOutcome outcome;
        try { outcome = await engine.CancelAsync(runId, by.Name, cancellationToken); }
        catch (TimeoutException ex) { return ApiProblems.Conflict(ex.Message); } // another engine held it past two leases: nothing changed
        return outcome.Status switch
        {
            CancelStatus.Cancelled => await Audited(audit, by, AuditActions.Cancel, "cancelled", runId, cancellationToken, TypedResults.Ok(new RunStartedResponse(runId.ToString("N"), RunStatus.Cancelled.ToString()))),
            CancelStatus.NotFound => ApiProblems.NotFound(outcome.Message, "id"),
            _ => ApiProblems.Conflict(outcome.Message),
        };
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> ReplayAsync(string id, HttpRequest request, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var (body, problem) = await RequestBody.ReadAsync(request, cancellationToken, empty: new ReplayBody());
        if (problem is not null) return problem;
        if (ParseReplayVersion(body!.Version) is not { } version)
            return ApiProblems.BadRequest("version", "'version' is \"original\" (the version the run executed), \"current\", or a version number such as 2.");
        var data = body.Data;
        try
        {
            var replay = await engine.ReplayAsync(runId, data is null ? null : Values.FromJson(data) as IReadOnlyDictionary<string, object?>, version, cancellationToken);
            if (replay is null) return ApiProblems.NotFound($"No run '{id}' exists.", "id");
            await replay.Committed;
            await audit.RecordAsync(Actor.From(request.HttpContext), AuditActions.Replay,
                $"replayed as run {replay.Id:N} on version {replay.Run.Version}{(data is null ? "" : " with edited data")}", flowKey: replay.Flow.Key, runId: runId.ToString("N"), cancellationToken: cancellationToken);
            return TypedResults.Accepted($"/api/runs/{replay.Id:N}", new RunStartedResponse(replay.Id.ToString("N"), replay.Run.Status.ToString()));
        }
        catch (FlowNotActiveException ex) { return ApiProblems.Conflict(ex.Message); }
        catch (FlowNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "version"); }
        catch (ContactNotFoundException ex) { return ApiProblems.Conflict(ex.Message); }
    }

    /// <summary>"original" (or absent), "current", or a version number (as a number or a string of digits); null when it is none of these.</summary>
    private static ReplayVersion? ParseReplayVersion(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is null) return ReplayVersion.Original;
        if (node is System.Text.Json.Nodes.JsonValue value)
        {
            if (value.TryGetValue<int>(out var number)) return number > 0 ? ReplayVersion.Of(number) : null;
            if (value.TryGetValue<string>(out var text))
                return text switch
                {
                    "original" => ReplayVersion.Original,
                    "current" => ReplayVersion.CurrentOne,
                    _ when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0 => ReplayVersion.Of(parsed),
                    _ => null,
                };
        }
        return null;
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> ResumeAsync(string id, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var outcome = await engine.ResumeAsync(runId, new ResumeReason.Timer("api"), cancellationToken);
        return outcome.Status switch
        {
            ResumeStatus.Resumed => await Audited(audit, Actor.From(context), AuditActions.ResumeRun, "resumed (wake time reached)", runId, cancellationToken,
                TypedResults.Accepted($"/api/runs/{runId:N}", new RunStartedResponse(runId.ToString("N"), RunStatus.Running.ToString()))),
            ResumeStatus.NotFound => ApiProblems.NotFound(outcome.Message, "id"),
            _ => ApiProblems.Conflict(outcome.Message),
        };
    }

    private static async Task<T> Audited<T>(AuditTrail audit, Actor by, string action, string detail, Guid runId, CancellationToken cancellationToken, T result)
    {
        await audit.RecordAsync(by, action, detail, runId: runId.ToString("N"), cancellationToken: cancellationToken);
        return result;
    }
}
