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
    private static readonly string[] Areas = ["north", "south", "east", "west"];
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
        var contact = $"c-{_random.Next(1, DemoContacts.Count + 1)}";
        switch (_random.Next(6))
        {
            case 0 or 1:
                await events.PostAsync(new ContactEvent(contact, "loan.submitted", new Dictionary<string, object?> { ["amount"] = (decimal)(_random.Next(5, 80) * 250) }), cancellationToken);
                break;
            case 2:
                await events.PostAsync(new ContactEvent(contact, "outage.detected", new Dictionary<string, object?>
                {
                    ["area"] = Areas[_random.Next(Areas.Length)],
                    ["eta"] = $"{_random.Next(12, 23)}:00",
                }), cancellationToken);
                break;
            case 3:
                await engine.StartAsync(new StartRunRequest("savings-nudge", RunTrigger.Api) { ContactId = contact }, cancellationToken);
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
            .Where(r => r.Status == RunStatus.Waiting && (r.WaitingFor == "card.completed" || r.WaitingFor == "card.dismissed"))
            .OrderByDescending(r => r.Key).Take(20).Select(r => new { r.Id, r.ContactId, r.WaitingFor }).ToListAsync(cancellationToken);
        if (waiting.Count == 0) return;
        var run = waiting[_random.Next(waiting.Count)];
        await events.PostAsync(new ContactEvent(run.ContactId, run.WaitingFor!, new Dictionary<string, object?> { ["runId"] = run.Id.ToString("N") }), cancellationToken);
    }
}
