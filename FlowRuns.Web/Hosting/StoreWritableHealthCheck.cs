using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// Unhealthy, with the reason, while the store cannot write: its disk is below the free-space reserve, the last batch of
/// the run writer failed as a whole (disk full, I/O error) and none has succeeded since, or a tiny probe write through
/// the same writer fails now. Healthy again by itself once it can.
/// </summary>
public sealed class StoreWritableHealthCheck(RunWriter writer, StoreSpace space) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (space.Shortage(fresh: true) is { } shortage) return HealthCheckResult.Unhealthy($"the store takes no new work: {shortage}");
        try
        {
            await writer.ProbeAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store cannot write: {StoreUnavailableException.From(ex).Message}");
        }
        var availability = writer.Availability;
        return availability.CanWrite
            ? HealthCheckResult.Healthy("the store can write")
            : HealthCheckResult.Unhealthy($"the store cannot write since {availability.Since:u}: {availability.Reason}");
    }
}
