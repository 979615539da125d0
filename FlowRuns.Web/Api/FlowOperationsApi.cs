using FlowRuns.Engine.Execution;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/flows/{key}/pause</c>, <c>/resume</c>, <c>/deactivate</c>, <c>/activate</c>.</summary>
public static class FlowOperationsApi
{
    /// <summary>The answer to a flow operation: its new status and how many runs it changed.</summary>
    public sealed record FlowStatusResponse(string Key, string Status, int Runs);

    public static IEndpointRouteBuilder MapFlowOperationsApi(this IEndpointRouteBuilder app)
    {
        var flow = app.MapGroup("/api/flows/{key}").WithTags("Flows").RequireAuthorization(Roles.Policies.Operate);
        flow.MapPost("pause", PauseAsync).WithSummary("Pause a flow: no new runs; its waiting runs become Paused, timers held");
        flow.MapPost("resume", ResumeAsync).WithSummary("Resume a paused flow");
        flow.MapPost("activate", ActivateAsync).WithSummary("Activate a flow (a Draft, a paused or an inactive one): its trigger starts runs");
        flow.MapPost("deactivate", DeactivateAsync).WithSummary("Deactivate a flow: no new runs; its active runs are cancelled");
        return app;
    }

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> PauseAsync(string key, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Paused, () => engine.PauseFlowAsync(key, cancellationToken), audit, Actor.From(context), AuditActions.PauseFlow, runs => $"{runs} waiting run(s) paused", cancellationToken);

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> ResumeAsync(string key, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Active, () => engine.ResumeFlowAsync(key, cancellationToken), audit, Actor.From(context), AuditActions.ResumeFlow, runs => $"{runs} run(s) go on", cancellationToken);

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> ActivateAsync(string key, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Active, () => engine.ActivateFlowAsync(key, cancellationToken), audit, Actor.From(context), AuditActions.ActivateFlow, runs => $"active; {runs} paused run(s) go on", cancellationToken);

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> DeactivateAsync(string key, HttpContext context, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken)
    {
        var by = Actor.From(context);
        return Apply(key, FlowStatus.Inactive, () => engine.DeactivateFlowAsync(key, $"flow {key} deactivated by {by.Name}", cancellationToken),
            audit, by, AuditActions.DeactivateFlow, runs => $"{runs} active run(s) cancelled", cancellationToken);
    }

    private static async Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> Apply(string key, FlowStatus status, Func<Task<int>> operation,
        AuditTrail audit, Actor by, string action, Func<int, string> detail, CancellationToken cancellationToken)
    {
        try
        {
            var runs = await operation();
            await audit.RecordAsync(by, action, detail(runs), flowKey: key, cancellationToken: cancellationToken);
            return TypedResults.Ok(new FlowStatusResponse(key, status.ToString().ToLowerInvariant(), runs));
        }
        catch (FlowNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message, "key");
        }
    }
}
