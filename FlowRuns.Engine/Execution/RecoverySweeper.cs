using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Every half lease, on every engine: takes over runs whose engine died (their lease expired), resumes parents of ended
/// children, applies inboxes left unapplied and finishes fan-outs left undone. Start-up recovery runs before it
/// (<see cref="EngineHostedService"/>); this is what makes a dead node's runs go on without a restart.
/// </summary>
public sealed class RecoverySweeper(FlowEngine engine, EventRouter router, IOptions<FlowRunsEngineOptions> options, ILogger<RecoverySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 2, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await engine.RecoverAsync(stoppingToken);
                    await router.FinishPendingFanOutsAsync(atStart: false, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "A recovery sweep failed; the next one tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
