using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Access;

/// <summary>
/// Records every operator action (<see cref="AuditActions"/>) with who, when, what and from where, and reads them back
/// newest first for the run page, the flow page and <c>/audit</c>. A record is written after the action succeeded (or,
/// for refusals such as a failed sign-in, when it was refused); a store that cannot write fails the request as the action would.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<AccessDbContext> contexts, TimeProvider time)
{
    public const int MaxDetail = 2000;

    public async Task RecordAsync(Actor actor, string action, string detail, string? flowKey = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(), Actor = Clip(actor.Name, 256), Action = action, FlowKey = flowKey, RunId = runId,
            Detail = Clip(detail, MaxDetail), Address = actor.Address is null ? null : Clip(actor.Address, 64),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What to list: any of these narrows it; <paramref name="Before"/> pages back (the last entry's id).</summary>
    public sealed record Filter(string? Actor = null, string? Action = null, string? FlowKey = null, string? RunId = null,
        DateTimeOffset? From = null, DateTimeOffset? To = null, long? Before = null, int Limit = 100);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(Filter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.Where(e => e.Actor.Contains(filter.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.FlowKey)) query = query.Where(e => e.FlowKey == filter.FlowKey);
        if (!string.IsNullOrWhiteSpace(filter.RunId)) query = query.Where(e => e.RunId == filter.RunId);
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.To is { } to) query = query.Where(e => e.At < to);
        if (filter.Before is { } before) query = query.Where(e => e.Id < before);
        return await query.OrderByDescending(e => e.Id).Take(Math.Clamp(filter.Limit, 1, 500)).ToListAsync(cancellationToken);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
