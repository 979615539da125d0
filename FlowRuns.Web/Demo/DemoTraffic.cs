using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Demo;

/// <summary>
/// A gentle stream of demo customers (<c>FlowRuns:Demo:LiveTraffic</c>, <c>EventsPerMinute</c>): loans submitted, outages
/// detected, savings nudges started, and customers completing or dismissing the cards their runs wait on — so a new
/// user sees runs moving within a minute of starting the app.
/// </summary>
public sealed class DemoTraffic(IOptions<DemoOptions> options, EventRouter events, FlowEngine engine,
    IDbContextFactory<FlowRunsDbContext> contexts, ILogger<DemoTraffic> logger) : BackgroundService
{
    private readonly Random _random = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LiveTraffic || options.Value.EventsPerMinute <= 0) return;
        var interval = TimeSpan.FromMinutes(1) / options.Value.EventsPerMinute;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ActAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A demo event failed");
            }
        }
    }

    private async Task ActAsync(CancellationToken cancellationToken)
    {
        var contact = DemoEvents.AnyContact(_random);
        switch (_random.Next(6))
        {
            case 0 or 1:
                await events.PostAsync(DemoEvents.LoanSubmitted(contact, _random), cancellationToken);
                break;
            case 2:
                await events.PostAsync(DemoEvents.OutageDetected(contact, _random), cancellationToken);
                break;
            case 3:
                await engine.StartAsync(DemoEvents.SavingsNudge(contact), cancellationToken);
                break;
            default:
                await ActAsCustomerAsync(cancellationToken);
                break;
        }
    }

    /// <summary>A customer acts on a card a run waits for: completes it, or dismisses it.</summary>
    private async Task ActAsCustomerAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Waiting && (r.WaitEvent == "card.completed" || r.WaitEvent == "card.dismissed"))
            .OrderByDescending(r => r.Key).Take(20).Select(r => new { r.Id, r.ContactId, r.WaitEvent }).ToListAsync(cancellationToken);
        if (waiting.Count == 0) return;
        var run = waiting[_random.Next(waiting.Count)];
        await events.PostAsync(new ContactEvent(run.ContactId, run.WaitEvent!, new Dictionary<string, object?> { ["runId"] = run.Id.ToString("N") }), cancellationToken);
    }
}
