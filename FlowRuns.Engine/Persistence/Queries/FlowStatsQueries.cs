using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The figures of the flow pages. The Overview reads the precomputed <c>FlowDayStats</c>/<c>NodeStats</c> rows (kept by
/// <see cref="RunStatsTriggers"/>), so its cost does not grow with the number of runs; the flow list's last 24 hours are
/// counted on the (FlowId, StartedAt) and (FlowId, Status, StartedAt) indexes.
/// </summary>
public sealed class FlowStatsQueries(IDbContextFactory<FlowRunsDbContext> contexts, FlowQueries flows, TimeProvider time)
{
    public const int OverviewDays = 30;
    private const int SlowestStepCount = 5;

    /// <summary>The flow's Overview; null when no flow has that key.</summary>
    public async Task<FlowOverview?> OverviewAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flowId = await db.Flows.Where(f => f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (flowId is null) return null;

        var totals = await db.FlowDayStats.Where(s => s.FlowId == flowId)
            .GroupBy(s => s.FlowId)
            .Select(g => new
            {
                Started = g.Sum(s => s.Started), Completed = g.Sum(s => s.Completed), Failed = g.Sum(s => s.Failed),
                Cancelled = g.Sum(s => s.Cancelled), Duration = g.Sum(s => s.EndedDurationMs),
            })
            .SingleOrDefaultAsync(cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstDay = today.AddDays(-(OverviewDays - 1));
        var firstDayNumber = firstDay.DayNumber;
        var stored = await db.FlowDayStats.AsNoTracking().Where(s => s.FlowId == flowId && s.Day >= firstDayNumber)
            .ToDictionaryAsync(s => s.Day, cancellationToken);
        var days = Enumerable.Range(0, OverviewDays).Select(offset =>
        {
            var day = firstDay.AddDays(offset);
            return stored.TryGetValue(day.DayNumber, out var row)
                ? new DayOutcome(day, row.Started, row.Completed, row.Failed, row.Cancelled)
                : new DayOutcome(day, 0, 0, 0, 0);
        }).ToList();

        var slowest = (await db.NodeStats.AsNoTracking().Where(s => s.FlowId == flowId && s.Steps > 0).ToListAsync(cancellationToken))
            .Select(s => new NodeTiming(s.NodeId, s.Steps, s.TotalMs / s.Steps, s.MaxMs))
            .OrderByDescending(s => s.AverageMs).Take(SlowestStepCount).ToList();

        var lastRun = await db.Runs.Where(r => r.FlowId == flowId && !r.IsTest)
            .OrderByDescending(r => r.StartedAt).Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);

        var ended = totals is null ? 0 : totals.Completed + totals.Failed + totals.Cancelled;
        return new FlowOverview(key, totals?.Started ?? 0, totals?.Completed ?? 0, totals?.Failed ?? 0, totals?.Cancelled ?? 0, lastRun,
            ended > 0 ? totals!.Duration / ended : null, slowest, days);
    }

    /// <summary>Every flow with its runs and failures of the last 24 hours (test runs included: they are runs an operator started).</summary>
    public async Task<IReadOnlyList<FlowActivity>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = await flows.ListAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().AddHours(-24);
        var ids = await db.Flows.AsNoTracking().Select(f => new { f.Key, f.Id }).ToDictionaryAsync(f => f.Key, f => f.Id, cancellationToken);
        var result = new List<FlowActivity>(list.Count);
        foreach (var flow in list)
        {
            var id = ids[flow.Key];
            var runs = await db.Runs.LongCountAsync(r => r.FlowId == id && r.StartedAt >= since, cancellationToken);
            var failed = runs == 0 ? 0 : await db.Runs.LongCountAsync(r => r.FlowId == id && r.Status == RunStatus.Failed && r.StartedAt >= since, cancellationToken);
            result.Add(new FlowActivity(flow, runs, failed));
        }
        return result;
    }

    /// <summary>How many runs each version of the flow has (test runs included).</summary>
    /// <summary>Durations are measured over this many of a version's latest ended runs (by start).</summary>
    public const int DurationSample = 10_000;

    /// <summary>
    /// Every version of the flow in figures, newest first; null when no flow has that key. Outcomes are counted on
    /// <c>IX_Runs_Paths</c> (ended customer runs), runs on the (FlowId, Version, StartedAt) index, durations over each
    /// version's latest <see cref="DurationSample"/> ended runs.
    /// </summary>
    public async Task<IReadOnlyList<VersionFigures>?> VersionsAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flowId = await db.Flows.Where(f => f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (flowId is null) return null;
        var versions = await db.FlowVersions.AsNoTracking().Where(v => v.FlowId == flowId && v.Number > 0).OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.Name, v.PublishedAt, v.Note }).ToListAsync(cancellationToken);
        var runs = await db.Runs.Where(r => r.FlowId == flowId).GroupBy(r => r.Version)
            .Select(g => new { Version = g.Key, Runs = g.LongCount() }).ToDictionaryAsync(g => g.Version, g => g.Runs, cancellationToken);
        var outcomes = await db.Runs.Where(r => r.FlowId == flowId && r.PathId != null).GroupBy(r => new { r.Version, r.Status })
            .Select(g => new { g.Key.Version, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var figures = new List<VersionFigures>(versions.Count);
        foreach (var version in versions)
        {
            long Count(RunStatus status) => outcomes.Where(o => o.Version == version.Number && o.Status == status).Sum(o => o.Count);
            var durations = (await db.Runs.AsNoTracking()
                    .Where(r => r.FlowId == flowId && r.Version == version.Number && r.PathId != null)
                    .OrderByDescending(r => r.StartedAt).Take(DurationSample)
                    .Select(r => new { r.StartedAt, r.EndedAt }).ToListAsync(cancellationToken))
                .Select(r => (r.EndedAt!.Value - r.StartedAt).TotalMilliseconds).Order().ToList();
            var (completed, failed, cancelled) = (Count(RunStatus.Completed), Count(RunStatus.Failed), Count(RunStatus.Cancelled));
            figures.Add(new VersionFigures(version.Number, version.Name, version.PublishedAt, runs.GetValueOrDefault(version.Number),
                completed + failed + cancelled, completed, failed, cancelled, Percentiles.Of(durations, 0.5), Percentiles.Of(durations, 0.95), durations.Count) { Note = version.Note });
        }
        return figures;
    }


    public async Task<IReadOnlyDictionary<int, long>> RunsPerVersionAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flowId = await db.Flows.Where(f => f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (flowId is null) return new Dictionary<int, long>();
        var counts = await db.Runs.Where(r => r.FlowId == flowId && r.Version > 0).GroupBy(r => r.Version)
            .Select(g => new { Version = g.Key, Runs = g.LongCount() }).ToDictionaryAsync(g => g.Version, g => g.Runs, cancellationToken);
        foreach (var version in await db.FlowVersions.Where(v => v.FlowId == flowId && v.Number > 0).Select(v => v.Number).ToListAsync(cancellationToken))
            counts.TryAdd(version, 0);
        return counts;
    }
}
