using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowRuns.Web.Hosting;

/// <summary>Healthy while the run writer's loop is alive (it commits every run's history).</summary>
public sealed class EngineLoopHealthCheck(RunWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.IsRunning
            ? HealthCheckResult.Healthy($"run writer alive; {writer.CommittedBatches} batches committed")
            : HealthCheckResult.Unhealthy("the run writer loop has stopped"));
}
