using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The paths a flow version's runs took: its ended runs in a window (by end time) grouped by the path each stored when
/// it ended (<see cref="RunPath"/>), most taken first — one pass over <c>IX_Runs_Paths</c>, never the runs' steps — and
/// from the groups, how many runs reached each node and went along each edge.
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
        // Without a start: every run of the version, i.e. since it was published.
        var runs = db.Runs.AsNoTracking().Where(r => r.FlowId == published.FlowId && r.Version == version && r.PathId != null);
        if (from is { } start) runs = runs.Where(r => r.EndedAt >= start);
        if (to is { } end) runs = runs.Where(r => r.EndedAt < end);
        // Streams out of IX_Runs_Paths in its order (FlowId, Version, PathId, EndedAt, Status): no sort, no table read.
        var counts = await runs.GroupBy(r => r.PathId!.Value)
            .Select(g => new
            {
                PathId = g.Key,
                Count = g.Count(),
                Completed = g.Count(r => r.Status == RunStatus.Completed),
                Failed = g.Count(r => r.Status == RunStatus.Failed),
                Last = g.Max(r => r.EndedAt),
            })
            .ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.PathId).ToList();
        var signatures = await db.FlowPaths.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Signature })
            .ToDictionaryAsync(p => p.Id, p => RunPath.Decode(p.Signature), cancellationToken);
        await labels.LoadAsync(db, [(published.FlowId, version)], cancellationToken);

        var total = counts.Sum(c => c.Count);
        var nodeRuns = new Dictionary<string, int>();
        var edgeRuns = new Dictionary<(string From, string? Port, string To), int>();
        foreach (var count in counts)
        {
            var steps = signatures.GetValueOrDefault(count.PathId) ?? [];
            foreach (var node in steps.Select(s => s.NodeId).Distinct())
                nodeRuns[node] = nodeRuns.GetValueOrDefault(node) + count.Count;
            foreach (var edge in steps.Zip(steps.Skip(1), (a, b) => (a.NodeId, a.Port, b.NodeId)).Distinct())
                edgeRuns[edge] = edgeRuns.GetValueOrDefault(edge) + count.Count;
        }
        var groups = counts.OrderByDescending(c => c.Count).ThenByDescending(c => c.Last).Take(Math.Clamp(limit, 1, MaxGroups))
            .Select(c => new PathGroup(c.PathId,
                (signatures.GetValueOrDefault(c.PathId) ?? []).Select(s => new PathStep(s.NodeId, labels.Of(published.FlowId, version, s.NodeId), s.Port, labels.TypeOf(published.FlowId, version, s.NodeId))).ToList(),
                c.Count, c.Completed, c.Failed, c.Count - c.Completed - c.Failed, c.Last)
            {
                Share = total == 0 ? 0 : (double)c.Count / total,
            })
            .ToList();
        return new VersionPaths(flow, version, from ?? published.PublishedAt, to, total, counts.Count, groups, nodeRuns,
            edgeRuns.Select(e => new EdgeTraffic(e.Key.From, e.Key.Port, e.Key.To, e.Value)).OrderByDescending(e => e.Runs).ToList());
    }

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
