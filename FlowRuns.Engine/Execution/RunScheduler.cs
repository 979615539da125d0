using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Wakes runs whose stored wake time has come (delays, wait timeouts) and fires schedule triggers. It sleeps until the
/// earliest wake time in the store — measured on the <see cref="TimeProvider"/>, so tests move time instead of
/// sleeping — and is woken early when a run schedules an earlier timer. Due runs are resumed in batches; the engine's
/// parallel bound applies. Timers survive restarts because they are only ever read from the store.
/// </summary>
public sealed class RunScheduler(
    IDbContextFactory<FlowRunsDbContext> contexts, FlowEngine engine, FlowCatalog catalog, AudienceResolver audiences,
    TimeProvider time, ILogger<RunScheduler> logger) : BackgroundService
{
    private const int Batch = 2000;
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _nudge = new(0, 1);

    /// <summary>Ticks that fired (for tests): flow key and time.</summary>
    public event Action<string, DateTimeOffset>? ScheduleFired;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        engine.TimersChanged += Nudge;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var next = await TickAsync(stoppingToken);
                    if (next is null) continue;
                    var delay = next.Value == DateTimeOffset.MaxValue ? LongestSleep : next.Value - time.GetUtcNow();
                    if (delay > LongestSleep) delay = LongestSleep;
                    if (delay <= TimeSpan.Zero) continue;
                    // Cancel whichever wait loses, so a stale nudge waiter never swallows a later nudge.
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    await Task.WhenAny(Task.Delay(delay, time, sleeping.Token), _nudge.WaitAsync(sleeping.Token));
                    await sleeping.CancelAsync();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "The run scheduler failed a tick; it tries again in a second");
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        finally
        {
            engine.TimersChanged -= Nudge;
        }
    }

    /// <summary>Looks again now: a timer earlier than the one it sleeps for may exist.</summary>
    public void Nudge()
    {
        if (_nudge.CurrentCount == 0)
        {
            try { _nudge.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Resumes every due run and fires due schedules; returns when to look next (null: at once; MaxValue: nothing is scheduled).</summary>
    private async Task<DateTimeOffset?> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Page through every due run by row key: runs resumed a moment ago stay "Waiting" in the store until their walk
        // commits, so a plain "first N due" would hand back the same busy runs again and starve the others.
        var resumed = 0;
        var seen = 0;
        long after = 0;
        while (true)
        {
            List<(long Key, Guid Id)> page;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
                page = (await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Waiting && r.WakeAt <= now && r.Key > after)
                    .OrderBy(r => r.Key).Take(Batch).Select(r => new { r.Key, r.Id }).ToListAsync(cancellationToken))
                    .Select(r => (r.Key, r.Id)).ToList();
            if (page.Count == 0) break;
            after = page[^1].Key;
            seen += page.Count;
            resumed += (await engine.ResumeManyAsync(page.Select(p => p.Id).ToList(), new ResumeReason.Timer(), cancellationToken)).Count(o => o.Resumed);
        }
        if (seen > 0)
        {
            // Every due run that was not resumed is busy (its walk is still committing): give them a moment, in real time.
            if (resumed == 0) await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            return null;
        }

        DateTimeOffset? nextWake;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            nextWake = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Waiting && r.WakeAt > now).MinAsync(r => r.WakeAt, cancellationToken);

        var (schedules, nextTick) = await catalog.SchedulesAsync(now, cancellationToken);
        foreach (var flow in schedules)
        {
            var definition = (await catalog.GetAsync(flow.Key, cancellationToken: cancellationToken)).Graph.Definition;
            await catalog.AdvanceScheduleAsync(flow.Id, Schedules.Next(definition.Trigger.Cron!, now), cancellationToken);
            var audience = definition.Trigger.Audience is { } text ? AudienceResolver.Parse(text) : null;
            var contacts = await audiences.MatchAsync(audience, cancellationToken);
            foreach (var contact in contacts)
            {
                try
                {
                    await engine.StartAsync(new StartRunRequest(flow.Key, RunTrigger.Schedule) { ContactId = contact }, cancellationToken);
                }
                catch (Exception ex) when (ex is FlowNotActiveException or ContactNotFoundException)
                {
                    logger.LogInformation("Schedule of {Flow} did not start a run for {Contact}: {Reason}", flow.Key, contact, ex.Message);
                }
            }
            logger.LogInformation("Schedule of {Flow} fired at {Now}: {Count} runs", flow.Key, now, contacts.Count);
            ScheduleFired?.Invoke(flow.Key, now);
        }
        if (schedules.Count > 0) return null;
        var earliest = nextTick is null ? nextWake : nextWake is null ? nextTick : (nextTick < nextWake ? nextTick : nextWake);
        return earliest ?? DateTimeOffset.MaxValue;
    }
}
