using FlowRuns.Engine.Execution;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/flows/{key}/pause</c>, <c>/resume</c>, <c>/deactivate</c>.</summary>
public static class FlowOperationsApi
{
    /// <summary>The answer to a flow operation: its new status and how many runs it changed.</summary>
    public sealed record FlowStatusResponse(string Key, string Status, int Runs);

    public static IEndpointRouteBuilder MapFlowOperationsApi(this IEndpointRouteBuilder app)
    {
        var flow = app.MapGroup("/api/flows/{key}").WithTags("Flows");
        flow.MapPost("pause", PauseAsync).WithSummary("Pause a flow: no new runs; its waiting runs become Paused, timers held");
        flow.MapPost("resume", ResumeAsync).WithSummary("Resume a paused flow");
        flow.MapPost("deactivate", DeactivateAsync).WithSummary("Deactivate a flow: no new runs; its active runs are cancelled");
        return app;
    }

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> PauseAsync(string key, FlowEngine engine, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Paused, () => engine.PauseFlowAsync(key, cancellationToken));

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> ResumeAsync(string key, FlowEngine engine, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Active, () => engine.ResumeFlowAsync(key, cancellationToken));

    public static Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> DeactivateAsync(string key, HttpRequest request, FlowEngine engine, CancellationToken cancellationToken) =>
        Apply(key, FlowStatus.Inactive, () => engine.DeactivateFlowAsync(key, $"flow {key} deactivated by {request.Headers["X-FlowRuns-User"].FirstOrDefault() ?? "api"}", cancellationToken));

    private static async Task<Results<Ok<FlowStatusResponse>, ProblemHttpResult>> Apply(string key, FlowStatus status, Func<Task<int>> operation)
    {
        try
        {
            var runs = await operation();
            return TypedResults.Ok(new FlowStatusResponse(key, status.ToString().ToLowerInvariant(), runs));
        }
        catch (FlowNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message, "key");
        }
    }
}
