using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The figures behind a flow's performance analysis, each read at a bounded cost: per day the latest
/// <see cref="DaySample"/> ended runs (on the (FlowId, StartedAt) index), runs by hour of day from the paths' hourly
/// figures, step times over each version's latest <see cref="StepSample"/> ended runs, the queue from the status index.
/// </summary>
public sealed class PerformanceQueries(IDbContextFactory<FlowRunsDbContext> contexts, NodeLabels labels, TimeProvider time)
{
    public const int Days = 30;
    public const int DaySample = 2_000;
    public const int StepSample = 2_000;

    /// <summary>The flow's performance; null when no flow has that key. Steps compare the two newest versions unless told.</summary>
    public async Task<FlowPerformance?> ForFlowAsync(string key, int? before = null, int? after = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flowId = await db.Flows.Where(f => f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (flowId is null) return null;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var days = new List<DayDurations>(Days);
        for (var d = Days - 1; d >= 0; d--)
        {
            var day = today.AddDays(-d);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var durations = (await db.Runs.AsNoTracking()
                    .Where(r => r.FlowId == flowId && r.StartedAt >= start && r.StartedAt < start.AddDays(1) && r.EndedAt != null && !r.IsTest)
                    .OrderByDescending(r => r.StartedAt).Take(DaySample).Select(r => new { r.StartedAt, r.EndedAt }).ToListAsync(cancellationToken))
                .Select(r => (r.EndedAt!.Value - r.StartedAt).TotalMilliseconds).Order().ToList();
            days.Add(new DayDurations(day, durations.Count, Percentiles.Of(durations, 0.5), Percentiles.Of(durations, 0.95)));
        }

        // Runs by the hour of day they ended, over the last 30 days (the paths' hourly figures: ended customer runs).
        var firstHour = (int)(now.AddDays(-Days).UtcTicks / TimeSpan.TicksPerHour);
        var byHour = await db.PathHourStats.AsNoTracking().Where(p => p.FlowId == flowId && p.Hour >= firstHour)
            .GroupBy(p => p.Hour % 24).Select(g => new { Hour = g.Key, Runs = g.Sum(p => p.Runs) }).ToListAsync(cancellationToken);
        var hours = Enumerable.Range(0, 24).Select(h => byHour.Where(b => b.Hour == h).Sum(b => b.Runs)).ToList();

        var statuses = await db.Runs.Where(r => r.FlowId == flowId && (r.Status == RunStatus.Pending || r.Status == RunStatus.Running || r.Status == RunStatus.Waiting || r.Status == RunStatus.Paused))
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var waiting = db.Runs.Where(r => r.FlowId == flowId && r.Status == RunStatus.Waiting);
        var (hourFromNow, dayFromNow) = (now.AddHours(1), now.AddDays(1));
        var queue = new RunQueue(
            statuses.GetValueOrDefault(RunStatus.Pending), statuses.GetValueOrDefault(RunStatus.Running),
            statuses.GetValueOrDefault(RunStatus.Waiting), statuses.GetValueOrDefault(RunStatus.Paused),
            await waiting.LongCountAsync(r => r.WakeAt != null && r.WakeAt <= now, cancellationToken),
            await waiting.LongCountAsync(r => r.WakeAt > now && r.WakeAt <= hourFromNow, cancellationToken),
            await waiting.LongCountAsync(r => r.WakeAt > hourFromNow && r.WakeAt <= dayFromNow, cancellationToken),
            await waiting.LongCountAsync(r => r.WakeAt > dayFromNow, cancellationToken),
            await waiting.LongCountAsync(r => r.WakeAt == null, cancellationToken));

        var versions = await db.FlowVersions.Where(v => v.FlowId == flowId && v.Number > 0).OrderByDescending(v => v.Number).Select(v => v.Number).ToListAsync(cancellationToken);
        int? newer = after ?? (versions.Count > 0 ? versions[0] : null);
        int? older = before ?? (newer is { } n ? versions.Where(v => v < n).Select(v => (int?)v).FirstOrDefault() : null);
        IReadOnlyList<StepTiming> steps = [];
        if (newer is { } a && older is { } b && a != b)
        {
            var (was, now2) = (await StepTimesAsync(db, flowId.Value, b, cancellationToken), await StepTimesAsync(db, flowId.Value, a, cancellationToken));
            await labels.LoadAsync(db, [(flowId.Value, a)], cancellationToken);
            steps = now2.Where(n => was.ContainsKey(n.Key))
                .Select(n => new StepTiming(n.Key, labels.Of(flowId.Value, a, n.Key), was[n.Key].Average, n.Value.Average, was[n.Key].Count, n.Value.Count))
                .OrderByDescending(s => s.AfterMs - s.BeforeMs).ToList();
        }
        else older = null;
        return new FlowPerformance(days, hours, queue, older, newer, steps);
    }

    /// <summary>Average step time per node over the version's latest ended runs.</summary>
    private static async Task<Dictionary<string, (double Average, int Count)>> StepTimesAsync(FlowRunsDbContext db, int flowId, int version, CancellationToken cancellationToken)
    {
        var keys = await db.Runs.AsNoTracking().Where(r => r.FlowId == flowId && r.Version == version && r.EndedAt != null && !r.IsTest)
            .OrderByDescending(r => r.StartedAt).Take(StepSample).Select(r => r.Key).ToListAsync(cancellationToken);
        var steps = await db.Steps.AsNoTracking().Where(s => keys.Contains(s.RunKey) && s.EndedAt != null)
            .Select(s => new { s.NodeId, s.StartedAt, s.EndedAt }).ToListAsync(cancellationToken);
        return steps.GroupBy(s => s.NodeId).ToDictionary(g => g.Key, g => (g.Average(s => (s.EndedAt!.Value - s.StartedAt).TotalMilliseconds), g.Count()));
    }

}
