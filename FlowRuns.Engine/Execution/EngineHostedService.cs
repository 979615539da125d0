using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>Migrates the store when the host starts, and stops every walk cleanly when it stops.</summary>
public sealed class EngineHostedService(FlowRunsDatabase database, FlowEngine engine, ILogger<EngineHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("FlowRuns store is at the current schema");
        await engine.RecoverAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync();
}
