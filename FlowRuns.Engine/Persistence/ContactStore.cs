using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Creates, updates and reads contacts. Reads are cached (every run starts with one): this store is the only writer of
/// contacts in the embedded default, and every write replaces its cache entry.
/// </summary>
public sealed class ContactStore(IDbContextFactory<FlowRunsDbContext> contexts, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Creates or replaces a contact; returns true when it was created.</summary>
    public async Task<bool> UpsertAsync(string id, string? name, string? email, string? phone, IReadOnlyDictionary<string, object?> attributes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var contact = await db.Contacts.FindAsync([id], cancellationToken);
        var created = contact is null;
        contact ??= db.Contacts.Add(new ContactRecord { Id = id, CreatedAt = now }).Entity;
        contact.Name = name;
        contact.Email = email;
        contact.Phone = phone;
        contact.Attributes = StoredJson.Write(attributes) ?? "{}";
        contact.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        _cache.Remove(id);
        return created;
    }

    public async Task<ContactSnapshot?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(id, out ContactSnapshot? cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null) return null;
        var snapshot = ToSnapshot(contact);
        _cache.Set(id, snapshot, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return snapshot;
    }

    public void Dispose() => _cache.Dispose();

    public static ContactSnapshot ToSnapshot(ContactRecord contact) =>
        new(contact.Id, contact.Name, contact.Email, contact.Phone, StoredJson.ReadMap(contact.Attributes));
}
