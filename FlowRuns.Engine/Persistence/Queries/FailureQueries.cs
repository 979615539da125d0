using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// Why runs failed, grouped: one group per (flow version, node, error code) over the runs started in a window, from the
/// runs' own columns (status, current node, error code), newest group first. First and last seen are the start times of
/// the group's first and latest failed runs; the most common message is counted among its latest 20.
/// </summary>
public sealed class FailureQueries(IDbContextFactory<FlowRunsDbContext> contexts, NodeLabels labels)
{
    public const int MaxGroups = 200;
    public const int Samples = 3;

    /// <summary>The most common message is counted among a group's latest failures, this many.</summary>
    public const int MessageSample = 20;

    /// <summary>The failure groups of <paramref name="flow"/> (every flow when null) among runs started in [from, to).</summary>
    public async Task<IReadOnlyList<FailureGroup>> GroupsAsync(string? flow, DateTimeOffset from, DateTimeOffset? to, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => r.StartedAt >= from);
        if (to is { } end) runs = runs.Where(r => r.StartedAt < end);
        int? flowId = null;
        if (flow is not null)
        {
            flowId = await db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
            if (flowId is null) return [];
        }
        // Failed runs are the runs with an error code (only a failure sets one). Every group of the window streams out of
        // IX_Runs_Failures in index order (no sort, no table read); a flow's are picked from them here: given the flow or
        // the status in SQL, SQLite prefers a (FlowId, Status, StartedAt) index that is not covering and reads every
        // failed run's row (0.5 s instead of 40 ms over 150,000 failures).
        var failed = runs.Where(r => r.ErrorCode != null);
        var all = await failed
            .GroupBy(r => new { r.FlowId, r.Version, r.CurrentNodeId, r.ErrorCode })
            .Select(g => new { g.Key.FlowId, g.Key.Version, g.Key.CurrentNodeId, g.Key.ErrorCode, Count = g.Count(), First = g.Min(r => r.StartedAt), Last = g.Max(r => r.StartedAt) })
            .ToListAsync(cancellationToken);
        var groups = all.Where(g => flowId is null || g.FlowId == flowId)
            .OrderByDescending(g => g.Last).ThenByDescending(g => g.Count)
            .Take(Math.Clamp(limit, 1, MaxGroups)).ToList();
        if (groups.Count == 0) return [];

        var flowIds = groups.Select(g => g.FlowId).Distinct().ToList();
        var flows = await db.Flows.AsNoTracking().Where(f => flowIds.Contains(f.Id)).Select(f => new { f.Id, f.Key, f.Name }).ToDictionaryAsync(f => f.Id, cancellationToken);
        // Each version's runs in the window: one count over its (FlowId, Version, StartedAt) index range.
        var totals = new Dictionary<(int, int), int>();
        foreach (var (groupFlow, version) in groups.Select(g => (g.FlowId, g.Version)).Distinct())
            totals[(groupFlow, version)] = await runs.CountAsync(r => r.FlowId == groupFlow && r.Version == version, cancellationToken);
        await labels.LoadAsync(db, groups.Select(g => (g.FlowId, g.Version)), cancellationToken);

        var result = new List<FailureGroup>(groups.Count);
        foreach (var group in groups)
        {
            // The group's latest failures: the sample runs, and the most common message among them.
            var latest = await failed.Where(r => r.FlowId == group.FlowId && r.Version == group.Version && r.CurrentNodeId == group.CurrentNodeId && r.ErrorCode == group.ErrorCode)
                .OrderByDescending(r => r.StartedAt).Take(MessageSample).Select(r => new { r.Id, r.ErrorMessage }).ToListAsync(cancellationToken);
            var message = latest.GroupBy(r => r.ErrorMessage).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            var flowRow = flows[group.FlowId];
            result.Add(new FailureGroup(
                flowRow.Key, flowRow.Name, group.Version, group.CurrentNodeId,
                group.CurrentNodeId is null ? null : labels.Of(group.FlowId, group.Version, group.CurrentNodeId),
                group.ErrorCode, group.Count, totals.GetValueOrDefault((group.FlowId, group.Version)),
                group.First, group.Last, message, latest.Take(Samples).Select(r => r.Id.ToString("N")).ToList()));
        }
        return result;
    }
}
