using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The paths a flow version's runs took: its ended runs in a window (by end time) grouped by the path each stored when
/// it ended (<see cref="RunPath"/>), most taken first — added up from the hourly figures (<c>PathHourStats</c>) for the
/// whole hours of the window and from <c>IX_Runs_Paths</c> for the part-hours at its edges, never from the runs' steps —
/// and from the groups, how many runs reached each node and went along each edge.
/// </summary>
public sealed class PathQueries(IDbContextFactory<FlowRunsDbContext> contexts, NodeLabels labels)
{
    /// <summary>Groups listed at most; the node and edge counts still add up every path.</summary>
    public const int MaxGroups = 100;

    /// <summary>A path's latest runs shown with it.</summary>
    public const int LatestRuns = 10;

    /// <summary>The paths of <paramref name="flow"/> version <paramref name="version"/> among runs ended in [from, to); null when the flow or version does not exist.</summary>
    public async Task<VersionPaths?> ForVersionAsync(string flow, int version, DateTimeOffset? from, DateTimeOffset? to, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var published = await db.FlowVersions.AsNoTracking()
            .Where(v => v.Number == version && db.Flows.Any(f => f.Id == v.FlowId && f.Key == flow))
            .Select(v => new { v.FlowId, v.PublishedAt }).SingleOrDefaultAsync(cancellationToken);
        if (published is null) return null;
        var counts = await CountAsync(db, published.FlowId, version, from, to, cancellationToken);
        var ids = counts.Select(c => c.PathId).ToList();
        var signatures = await db.FlowPaths.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Signature })
            .ToDictionaryAsync(p => p.Id, p => RunPath.Decode(p.Signature), cancellationToken);
        await labels.LoadAsync(db, [(published.FlowId, version)], cancellationToken);

        var total = (int)counts.Sum(c => c.Count);
        var nodeRuns = new Dictionary<string, int>();
        var edgeRuns = new Dictionary<(string From, string? Port, string To), int>();
        foreach (var count in counts)
        {
            var steps = signatures.GetValueOrDefault(count.PathId) ?? [];
            foreach (var node in steps.Select(s => s.NodeId).Distinct())
                nodeRuns[node] = nodeRuns.GetValueOrDefault(node) + (int)count.Count;
            foreach (var edge in steps.Zip(steps.Skip(1), (a, b) => (a.NodeId, a.Port, b.NodeId)).Distinct())
                edgeRuns[edge] = edgeRuns.GetValueOrDefault(edge) + (int)count.Count;
        }
        var groups = counts.OrderByDescending(c => c.Count).ThenByDescending(c => c.Last).Take(Math.Clamp(limit, 1, MaxGroups))
            .Select(c => new PathGroup(c.PathId,
                (signatures.GetValueOrDefault(c.PathId) ?? []).Select(s => new PathStep(s.NodeId, labels.Of(published.FlowId, version, s.NodeId), s.Port, labels.TypeOf(published.FlowId, version, s.NodeId))).ToList(),
                (int)c.Count, (int)c.Completed, (int)c.Failed, (int)(c.Count - c.Completed - c.Failed), c.Last)
            {
                Share = total == 0 ? 0 : (double)c.Count / total,
            })
            .ToList();
        return new VersionPaths(flow, version, from ?? published.PublishedAt, to, total, counts.Count, groups, nodeRuns,
            edgeRuns.Select(e => new EdgeTraffic(e.Key.From, e.Key.Port, e.Key.To, e.Value)).OrderByDescending(e => e.Runs).ToList());
    }

    private sealed record PathCount(int PathId, long Count, long Completed, long Failed, DateTimeOffset? Last);

    /// <summary>Each path's runs ended in [from, to): whole hours from the hourly figures, the part-hours at the edges from the runs.</summary>
    private static async Task<List<PathCount>> CountAsync(FlowRunsDbContext db, int flowId, int version, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        const long hour = TimeSpan.TicksPerHour;
        var firstHour = from is { } f ? (int)((f.UtcTicks + hour - 1) / hour) : int.MinValue; // the first whole hour inside
        var endHour = to is { } t ? (int)(t.UtcTicks / hour) : int.MaxValue;                 // the hour the window ends in
        var counts = new Dictionary<int, PathCount>();
        void Add(int pathId, long count, long completed, long failed, DateTimeOffset? last) =>
            counts[pathId] = counts.TryGetValue(pathId, out var known)
                ? new PathCount(pathId, known.Count + count, known.Completed + completed, known.Failed + failed, Max(known.Last, last))
                : new PathCount(pathId, count, completed, failed, last);

        async Task AddRunsAsync(DateTimeOffset? start, DateTimeOffset? end)
        {
            var runs = db.Runs.AsNoTracking().Where(r => r.FlowId == flowId && r.Version == version && r.PathId != null);
            if (start is { } s) runs = runs.Where(r => r.EndedAt >= s);
            if (end is { } e) runs = runs.Where(r => r.EndedAt < e);
            foreach (var c in await runs.GroupBy(r => r.PathId!.Value)
                         .Select(g => new { PathId = g.Key, Count = g.LongCount(), Completed = g.LongCount(r => r.Status == RunStatus.Completed), Failed = g.LongCount(r => r.Status == RunStatus.Failed), Last = g.Max(r => r.EndedAt) })
                         .ToListAsync(cancellationToken))
                Add(c.PathId, c.Count, c.Completed, c.Failed, c.Last);
        }

        if (firstHour >= endHour)
        {
            await AddRunsAsync(from, to); // within one hour: the runs themselves
            return [.. counts.Values];
        }
        var stats = db.PathHourStats.AsNoTracking().Where(p => p.FlowId == flowId && p.Version == version);
        if (from is not null) stats = stats.Where(p => p.Hour >= firstHour);
        if (to is not null) stats = stats.Where(p => p.Hour < endHour);
        foreach (var c in await stats.GroupBy(p => p.PathId)
                     .Select(g => new { PathId = g.Key, Count = g.Sum(p => p.Runs), Completed = g.Sum(p => p.Completed), Failed = g.Sum(p => p.Failed), Last = g.Max(p => p.LastEndedAt) })
                     .ToListAsync(cancellationToken))
            Add(c.PathId, c.Count, c.Completed, c.Failed, new DateTimeOffset(c.Last, TimeSpan.Zero));
        if (from is { } windowStart && windowStart.UtcTicks % hour != 0) await AddRunsAsync(windowStart, new DateTimeOffset((long)firstHour * hour, TimeSpan.Zero));
        if (to is { } windowEnd && windowEnd.UtcTicks % hour != 0) await AddRunsAsync(new DateTimeOffset((long)endHour * hour, TimeSpan.Zero), windowEnd);
        return [.. counts.Values];
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>The latest runs (by end time) of one path of a version, in [from, to) (from null: since the version was published).</summary>
    public async Task<IReadOnlyList<PathRun>> LatestRunsAsync(string flow, int version, int pathId, DateTimeOffset? from, DateTimeOffset? to, int take = LatestRuns, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flowId = await db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (flowId is null) return [];
        var runs = db.Runs.AsNoTracking().Where(r => r.FlowId == flowId && r.Version == version && r.PathId == pathId);
        if (from is { } start) runs = runs.Where(r => r.EndedAt >= start);
        if (to is { } end) runs = runs.Where(r => r.EndedAt < end);
        var rows = await runs.OrderByDescending(r => r.EndedAt).Take(Math.Clamp(take, 1, 100))
            .Select(r => new { r.Id, r.ContactId, r.Status, r.StartedAt, r.EndedAt, r.ErrorCode }).ToListAsync(cancellationToken);
        var contactIds = rows.Select(r => r.ContactId).Distinct().ToList();
        var names = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.Name != null)
            .Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return rows.Select(r => new PathRun(r.Id.ToString("N"), r.ContactId, names.GetValueOrDefault(r.ContactId), r.Status, r.StartedAt, r.EndedAt, r.ErrorCode)).ToList();
    }
}
