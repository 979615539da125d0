using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Alerts;

/// <summary>
/// How often the alert rules are checked (<c>FlowRuns:Alerts:Interval</c>, default a minute; 5 s at least), and how many
/// fired alerts are kept (<c>MaxFiredKept</c>, default 10,000: the oldest beyond it are deleted as new ones fire).
/// </summary>
public sealed class AlertOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    public int MaxFiredKept { get; set; } = 10_000;
}

/// <summary>Checks the alert rules on a timer (the app's clock); a check that fails is logged and the next one tries again.</summary>
public sealed class AlertScheduler(AlertEvaluator evaluator, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : options.Value.Interval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await evaluator.EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The alert rules could not be checked; trying again in {Interval}.", interval);
            }
        }
    }
}
