using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Creates, updates and reads contacts. Reads are cached (every run starts with one): every write drops its entry here
/// and, through <see cref="IStoreChangeFeed"/>, on every other node sharing the store. An entry lives at most
/// <see cref="MaxAge"/>, which bounds how stale a node can be should a change message be lost.
/// </summary>
public sealed class ContactStore : IDisposable
{
    /// <summary>The longest a cached contact is used without reading it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly IDbContextFactory<FlowRunsDbContext> contexts;
    private readonly TimeProvider time;
    private readonly IStoreChangeFeed _changes;

    public ContactStore(IDbContextFactory<FlowRunsDbContext> contexts, TimeProvider time, IStoreChangeFeed changes)
    {
        this.contexts = contexts;
        this.time = time;
        _changes = changes;
        changes.Received += change =>
        {
            if (change.Kind == StoreChangeKind.Contact) _cache.Remove(change.Key);
            else if (change.Kind == StoreChangeKind.Everything) _cache.Clear();
        };
    }

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
        _changes.Publish(new StoreChange(StoreChangeKind.Contact, id));
        return created;
    }

    public async Task<ContactSnapshot?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(id, out ContactSnapshot? cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null) return null;
        var snapshot = ToSnapshot(contact);
        _cache.Set(id, snapshot, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });
        return snapshot;
    }

    public void Dispose() => _cache.Dispose();

    public static ContactSnapshot ToSnapshot(ContactRecord contact) =>
        new(contact.Id, contact.Name, contact.Email, contact.Phone, StoredJson.ReadMap(contact.Attributes));
}
