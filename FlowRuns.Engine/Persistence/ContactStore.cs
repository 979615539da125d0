using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>Creates, updates and reads contacts.</summary>
public sealed class ContactStore(IDbContextFactory<FlowRunsDbContext> contexts, TimeProvider time)
{
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
        return created;
    }

    public async Task<ContactSnapshot?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact is null ? null : ToSnapshot(contact);
    }

    public static ContactSnapshot ToSnapshot(ContactRecord contact) =>
        new(contact.Id, contact.Name, contact.Email, contact.Phone, StoredJson.ReadMap(contact.Attributes));
}
