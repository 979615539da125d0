using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>Reads delivery attempts, newest first and a keyset page at a time, each linked to its run and step when it has one.</summary>
public sealed class DeliveryQueries(IDbContextFactory<FlowRunsDbContext> contexts)
{
    public const int MaxLimit = 500;

    public async Task<DeliveryPage> ListAsync(DeliveryListFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Deliveries.AsNoTracking();
        if (filter.Contact is { } contact) query = query.Where(d => d.ContactId == contact);
        if (filter.Channel is { } channel) query = query.Where(d => d.Channel == channel);
        if (filter.Status is { } status) query = query.Where(d => d.Status == status);
        if (filter.From is { } from) query = query.Where(d => d.CreatedAt >= from);
        if (filter.To is { } to) query = query.Where(d => d.CreatedAt < to);
        if (filter.Flow is { } flow)
        {
            var flowId = await db.Flows.Where(f => f.Key == flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
            if (flowId is null) return new DeliveryPage([], null);
            query = query.Where(d => d.FlowId == flowId);
        }
        if (filter.Run is { } runId)
        {
            var key = await db.Runs.Where(r => r.Id == runId).Select(r => (long?)r.Key).SingleOrDefaultAsync(cancellationToken);
            if (key is null) return new DeliveryPage([], null);
            query = query.Where(d => d.RunKey == key);
        }
        var skip = 0;
        if (filter.Cursor is { } cursor)
        {
            var at = new DateTimeOffset(cursor.CreatedTicks, TimeSpan.Zero);
            query = query.Where(d => d.CreatedAt <= at);
            skip = cursor.SeenAtThatTime;
        }
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        // One more than asked, to know whether an older page exists.
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(limit + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            var last = rows[^1].CreatedAt;
            var tied = rows.Count(d => d.CreatedAt == last) + (filter.Cursor is { } c && c.CreatedTicks == last.UtcTicks ? skip : 0);
            next = new DeliveryCursor(last.UtcTicks, tied).Encode();
        }
        return new DeliveryPage(await ViewsAsync(db, rows, cancellationToken), next);
    }

    /// <summary>One attempt by its id, or null.</summary>
    public async Task<DeliveryView?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : (await ViewsAsync(db, [row], cancellationToken))[0];
    }

    /// <summary>Rows as views, with their run ids, flow keys and contact names read in one query each.</summary>
    private static async Task<IReadOnlyList<DeliveryView>> ViewsAsync(FlowRunsDbContext db, IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Where(d => d.RunKey != null).Select(d => d.RunKey!.Value).Distinct().ToList();
        var runIds = await db.Runs.Where(r => keys.Contains(r.Key)).Select(r => new { r.Key, r.Id }).ToDictionaryAsync(r => r.Key, r => r.Id, cancellationToken);
        var flowIds = rows.Where(d => d.FlowId != null).Select(d => d.FlowId!.Value).Distinct().ToList();
        var flows = await db.Flows.Where(f => flowIds.Contains(f.Id)).Select(f => new { f.Id, f.Key }).ToDictionaryAsync(f => f.Id, f => f.Key, cancellationToken);
        var contactIds = rows.Select(d => d.ContactId).Distinct().ToList();
        var names = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.Name != null).Select(c => new { c.Id, c.Name })
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return rows.Select(d => RunQueries.ToView(d,
            d.RunKey is { } k && runIds.TryGetValue(k, out var id) ? id : null,
            d.FlowId is { } f && flows.TryGetValue(f, out var flow) ? flow : null,
            names.GetValueOrDefault(d.ContactId))).ToList();
    }
}
