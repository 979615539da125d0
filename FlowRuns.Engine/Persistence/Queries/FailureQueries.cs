using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// Why runs failed, grouped: one group per (flow version, node, error code) over the runs started in a window, from the
/// runs' own columns (status, current node, error code), newest group first.
/// </summary>
public sealed class FailureQueries(IDbContextFactory<FlowRunsDbContext> contexts, NodeLabels labels)
{
    public const int MaxGroups = 200;
    public const int Samples = 3;

    /// <summary>The failure groups of <paramref name="flow"/> (every flow when null) among runs started in [from, to).</summary>
    public async Task<IReadOnlyList<FailureGroup>> GroupsAsync(string? flow, DateTimeOffset from, DateTimeOffset? to, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => r.StartedAt >= from);
        if (to is { } end) runs = runs.Where(r => r.StartedAt < end);
        if (flow is not null)
        {
            var flowId = await db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
            if (flowId is null) return [];
            runs = runs.Where(r => r.FlowId == flowId);
        }
        var failed = runs.Where(r => r.Status == RunStatus.Failed);
        var groups = await failed
            .GroupBy(r => new { r.FlowId, r.Version, r.CurrentNodeId, r.ErrorCode })
            .Select(g => new { g.Key.FlowId, g.Key.Version, g.Key.CurrentNodeId, g.Key.ErrorCode, Count = g.Count(), Last = g.Max(r => r.StartedAt) })
            .OrderByDescending(g => g.Last).ThenByDescending(g => g.Count)
            .Take(Math.Clamp(limit, 1, MaxGroups))
            .ToListAsync(cancellationToken);
        if (groups.Count == 0) return [];

        var flowIds = groups.Select(g => g.FlowId).Distinct().ToList();
        var flows = await db.Flows.AsNoTracking().Where(f => flowIds.Contains(f.Id)).Select(f => new { f.Id, f.Key, f.Name }).ToDictionaryAsync(f => f.Id, cancellationToken);
        var totals = await runs.Where(r => flowIds.Contains(r.FlowId))
            .GroupBy(r => new { r.FlowId, r.Version }).Select(g => new { g.Key.FlowId, g.Key.Version, Count = g.Count() })
            .ToDictionaryAsync(g => (g.FlowId, g.Version), g => g.Count, cancellationToken);
        await labels.LoadAsync(db, groups.Select(g => (g.FlowId, g.Version)), cancellationToken);

        var result = new List<FailureGroup>(groups.Count);
        foreach (var group in groups)
        {
            var members = failed.Where(r => r.FlowId == group.FlowId && r.Version == group.Version && r.CurrentNodeId == group.CurrentNodeId && r.ErrorCode == group.ErrorCode);
            var latest = await members.OrderByDescending(r => r.StartedAt).Take(Samples).Select(r => new { r.Id, r.EndedAt }).ToListAsync(cancellationToken);
            var first = await members.OrderBy(r => r.StartedAt).Select(r => r.EndedAt).FirstOrDefaultAsync(cancellationToken);
            var message = await members.GroupBy(r => r.ErrorMessage).Select(g => new { g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).Select(g => g.Key).FirstOrDefaultAsync(cancellationToken);
            var flowRow = flows[group.FlowId];
            result.Add(new FailureGroup(
                flowRow.Key, flowRow.Name, group.Version, group.CurrentNodeId,
                group.CurrentNodeId is null ? null : labels.Of(group.FlowId, group.Version, group.CurrentNodeId),
                group.ErrorCode, group.Count, totals.GetValueOrDefault((group.FlowId, group.Version)),
                first, latest.FirstOrDefault()?.EndedAt, message, latest.Select(r => r.Id.ToString("N")).ToList()));
        }
        return result;
    }
}
