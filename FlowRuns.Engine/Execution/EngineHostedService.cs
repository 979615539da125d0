using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Migrates the store when the host starts, recovers interrupted runs and runs the <see cref="IEngineStartupTask"/>s —
/// all before the scheduler (registered after this service) starts — and stops every walk cleanly when the host stops.
/// </summary>
public sealed class EngineHostedService(FlowRunsDatabase database, FlowEngine engine, EventRouter router, IEnumerable<IEngineStartupTask> startupTasks,
    ILogger<EngineHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.PrepareAsync(cancellationToken);
        logger.LogInformation("FlowRuns store is at the current schema");
        await engine.RecoverAsync(cancellationToken);
        await router.FinishPendingFanOutsAsync(atStart: true, cancellationToken);
        foreach (var task in startupTasks) await task.RunAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync();
}
