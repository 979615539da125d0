using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>How many runs ended, failed or wait, over a window — the figures a watcher (an alert rule) checks. Test runs never count.</summary>
public sealed class RunCountQueries(IDbContextFactory<FlowRunsDbContext> contexts)
{
    /// <summary>Runs that ended in [<paramref name="from"/>, <paramref name="to"/>), and how many of them failed; of one flow (and version) or all.</summary>
    public async Task<(int Ended, int Failed)> EndedAsync(string? flow, int? version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => !r.IsTest && r.EndedAt >= from && r.EndedAt < to);
        if (flow is not null)
        {
            if (await FlowIdAsync(db, flow, cancellationToken) is not { } flowId) return (0, 0);
            runs = runs.Where(r => r.FlowId == flowId);
        }
        if (version is { } v) runs = runs.Where(r => r.Version == v);
        var counts = await runs.GroupBy(r => r.Status == RunStatus.Failed).Select(g => new { Failed = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return (counts.Sum(c => c.Count), counts.Where(c => c.Failed).Sum(c => c.Count));
    }

    /// <summary>Runs waiting now whose wait began before <paramref name="before"/>; of one flow or all.</summary>
    public async Task<int> WaitingSinceAsync(string? flow, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => !r.IsTest && r.Status == RunStatus.Waiting);
        if (flow is not null)
        {
            if (await FlowIdAsync(db, flow, cancellationToken) is not { } flowId) return 0;
            runs = runs.Where(r => r.FlowId == flowId);
        }
        return await runs.CountAsync(r => db.Steps.Any(s => s.RunKey == r.Key && s.Status == StepStatus.Waiting && s.StartedAt < before), cancellationToken);
    }

    /// <summary>The flow's current (newest published) version, or null when there is no such flow.</summary>
    public async Task<int?> CurrentVersionAsync(string flow, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.CurrentVersion).SingleOrDefaultAsync(cancellationToken);
    }

    private static Task<int?> FlowIdAsync(FlowRunsDbContext db, string flow, CancellationToken cancellationToken) =>
        db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
}
