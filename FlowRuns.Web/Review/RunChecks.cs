using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Review;

/// <summary>Spot-check marks: which runs of a flow version a reviewer has checked (mark, unmark, read for a set of runs).</summary>
public sealed class RunChecks(IDbContextFactory<AccessDbContext> contexts, TimeProvider time)
{
    /// <summary>The runs among <paramref name="runIds"/> that <paramref name="reviewer"/> checked on this version.</summary>
    public async Task<IReadOnlySet<string>> CheckedAsync(string reviewer, string flowKey, int version, IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = runIds.ToList();
        return (await db.RunChecks.AsNoTracking()
            .Where(c => c.Reviewer == reviewer && c.FlowKey == flowKey && c.Version == version && ids.Contains(c.RunId))
            .Select(c => c.RunId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>Marks (or, with <paramref name="on"/> false, unmarks) a run as checked by <paramref name="reviewer"/>.</summary>
    public async Task SetAsync(string reviewer, string flowKey, int version, string runId, bool on, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.RunChecks.Where(c => c.Reviewer == reviewer && c.FlowKey == flowKey && c.Version == version && c.RunId == runId).ToListAsync(cancellationToken);
        if (on && existing.Count == 0)
            db.RunChecks.Add(new RunCheck { Reviewer = reviewer, FlowKey = flowKey, Version = version, RunId = runId, CheckedAt = time.GetUtcNow() });
        else if (!on) db.RunChecks.RemoveRange(existing);
        await db.SaveChangesAsync(cancellationToken);
    }
}
