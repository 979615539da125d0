using FlowRuns.Web.Live;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// Several nodes: Degraded while the Redis backplane is unreachable — the node still takes and walks runs, but live pages
/// do not repaint and caches are not shared (a load balancer should keep sending it traffic; an operator should look).
/// </summary>
public sealed class LiveBackplaneHealthCheck(ILiveBackplane backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(backplane.IsUp
            ? HealthCheckResult.Healthy("Redis is reachable: live changes reach every node")
            : HealthCheckResult.Degraded($"Redis is unreachable since {backplane.DownSince:u}: runs go on, but live pages do not repaint until it is back"));
}
