using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>Reads delivery attempts, newest first, each linked to its run and step when it has one.</summary>
public sealed class DeliveryQueries(IDbContextFactory<FlowRunsDbContext> contexts)
{
    public const int MaxLimit = 500;

    public async Task<IReadOnlyList<DeliveryView>> ListAsync(string? contact, Guid? run, string? channel, string? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Deliveries.AsNoTracking();
        if (contact is not null) query = query.Where(d => d.ContactId == contact);
        if (channel is not null) query = query.Where(d => d.Channel == channel);
        if (status is not null) query = query.Where(d => d.Status == status);
        if (run is { } runId)
        {
            var key = await db.Runs.Where(r => r.Id == runId).Select(r => (long?)r.Key).SingleOrDefaultAsync(cancellationToken);
            if (key is null) return [];
            query = query.Where(d => d.RunKey == key);
        }
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.StepSequence).Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(cancellationToken);
        var keys = rows.Where(d => d.RunKey != null).Select(d => d.RunKey!.Value).Distinct().ToList();
        var ids = await db.Runs.Where(r => keys.Contains(r.Key)).Select(r => new { r.Key, r.Id }).ToDictionaryAsync(r => r.Key, r => r.Id, cancellationToken);
        return rows.Select(d => RunQueries.ToView(d, d.RunKey is { } k && ids.TryGetValue(k, out var id) ? id : null)).ToList();
    }
}
