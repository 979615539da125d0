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
    /// <summary>Completed by a nudge; replaced at the start of each tick, so a nudge during a tick makes the next sleep end at once.</summary>
    private TaskCompletionSource _nudged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private List<TaskCompletionSource> _tickWaiters = [];
    /// <summary>Due runs another claim held when last looked at: when to look again (wall clock) and how long the last wait was.</summary>
    private readonly Dictionary<Guid, (DateTimeOffset NotBefore, TimeSpan Wait)> _backoff = [];
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20), LongestBackoff = TimeSpan.FromSeconds(5);

    /// <summary>What the scheduler is doing right now (for a test that waited too long for a tick).</summary>
    public string Phase { get; private set; } = "starting";

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
                    Phase = "ticking";
                    var next = await TickAsync(stoppingToken);
                    Phase = $"sleeping until {next:O}";
                    if (next is null) continue;
                    var now = time.GetUtcNow();
                    var delay = next.Value == DateTimeOffset.MaxValue ? LongestSleep : next.Value - now;
                    if (delay > LongestSleep) delay = LongestSleep;
                    if (delay <= TimeSpan.Zero) continue;
                    var wakeAt = now + delay;
                    // Cancel whichever wait loses, so a stale nudge waiter never swallows a later nudge.
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var sleep = Task.Delay(delay, time, sleeping.Token);
                    // The clock may have moved on between reading it and starting the timer (a test's clock jumps; a
                    // stalled thread): the timer would then run that much late — or never, on a clock that moves no more.
                    if (time.GetUtcNow() < wakeAt) await Task.WhenAny(sleep, Volatile.Read(ref _nudged).Task);
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

    /// <summary>
    /// Completes once a whole tick has run after this call (the scheduler is nudged to run one now): what a test awaits
    /// to prove that a timer did — or did not — fire, instead of sleeping.
    /// </summary>
    public Task NextTickAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _tickWaiters.Add(waiter);
        Nudge();
        return waiter.Task;
    }

    /// <summary>Looks again now: a timer earlier than the one it sleeps for may exist.</summary>
    public void Nudge() => Volatile.Read(ref _nudged).TrySetResult();

    /// <summary>Resumes every due run and fires due schedules; returns when to look next (null: at once; MaxValue: nothing is scheduled).</summary>
    private async Task<DateTimeOffset?> TickAsync(CancellationToken cancellationToken)
    {
        // First a fresh nudge, then the waiters: a waiter added after this tick took the waiters nudges the fresh one.
        Interlocked.Exchange(ref _nudged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        List<TaskCompletionSource> waiters;
        lock (_gate) (waiters, _tickWaiters) = (_tickWaiters, []);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await LookAsync(cancellationToken);
        }
        finally
        {
            foreach (var waiter in waiters) waiter.TrySetResult();
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (took > TimeSpan.FromSeconds(5)) logger.LogWarning("A scheduler tick took {Seconds:F1} s", took.TotalSeconds);
        }
    }

    private async Task<DateTimeOffset?> LookAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wallNow = TimeProvider.System.GetUtcNow();
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
            var due = page.Where(p => !_backoff.TryGetValue(p.Id, out var b) || b.NotBefore <= wallNow).Select(p => p.Id).ToList();
            Phase = $"resuming {due.Count} due runs";
            var outcomes = await engine.ResumeManyAsync(due, new ResumeReason.Timer(), cancellationToken);
            Phase = "ticking";
            for (var i = 0; i < due.Count; i++)
            {
                if (outcomes[i].Status == ResumeStatus.Busy)
                {
                    var wait = _backoff.TryGetValue(due[i], out var last) ? TimeSpan.FromTicks(Math.Min(last.Wait.Ticks * 2, LongestBackoff.Ticks)) : FirstBackoff;
                    _backoff[due[i]] = (wallNow + wait, wait);
                }
                else
                {
                    _backoff.Remove(due[i]);
                    if (outcomes[i].Resumed) resumed++;
                }
            }
        }
        if (seen > 0)
        {
            // Due runs that another claim holds (a walk still committing here, or another engine) are looked at again after a
            // wait that doubles each time, up to 5 s — not every few milliseconds.
            if (resumed == 0 && _backoff.Count > 0)
            {
                var wait = _backoff.Values.Min(b => b.NotBefore) - TimeProvider.System.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    Phase = $"backing off {wait.TotalMilliseconds:F0} ms";
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    await Task.WhenAny(Task.Delay(wait, TimeProvider.System, sleeping.Token), Volatile.Read(ref _nudged).Task);
                    await sleeping.CancelAsync();
                }
            }
            if (_backoff.Count > 10_000) _backoff.Clear();
            return null;
        }
        _backoff.Clear();

        DateTimeOffset? nextWake;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            nextWake = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Waiting && r.WakeAt > now).MinAsync(r => r.WakeAt, cancellationToken);

        var (schedules, nextTick) = await catalog.SchedulesAsync(now, cancellationToken);
        foreach (var flow in schedules)
        {
            var definition = (await catalog.GetAsync(flow.Key, cancellationToken: cancellationToken)).Graph.Definition;
            // Another engine over the same store may have fired this tick already: only the one that moves it on fires it.
            if (!await catalog.ClaimScheduleTickAsync(flow.Id, flow.NextScheduledAt!.Value, Schedules.Next(definition.Trigger.Cron!, now), cancellationToken)) continue;
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
