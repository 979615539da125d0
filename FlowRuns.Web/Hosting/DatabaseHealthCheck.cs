using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowRuns.Web.Hosting;

/// <summary>Healthy when the store answers.</summary>
public sealed class DatabaseHealthCheck(FlowRunsDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.IsReachableAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database not reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database not reachable", ex);
        }
    }
}
