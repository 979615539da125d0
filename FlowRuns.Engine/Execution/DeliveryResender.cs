using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using FlowRuns.Engine.Persistence.Queries;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Execution;

/// <summary>What became of a resend: the new attempt, or why there is none.</summary>
public sealed record ResendOutcome(DeliveryView? Attempt, bool NotFound = false, string? Refusal = null);

/// <summary>
/// A manual resend (the care team's "send it again"): the same message, to the same recipient, on the same channel, as a
/// new delivery attempt with no parent run, linked to the attempt it repeats and naming who asked. Refused — nothing sent,
/// nothing stored — when the contact is gone or has since opted out of the channel, or the original is still being sent.
/// A provider outside the store gets the attempt written first (queued), so a crash mid-send leaves a visible attempt,
/// never a message sent with no record.
/// </summary>
public sealed class DeliveryResender(IDbContextFactory<FlowRunsDbContext> contexts, IChannelProvider provider, DeliveryQueries deliveries, TimeProvider time)
{
    public async Task<ResendOutcome> ResendAsync(Guid originalId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var original = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == originalId, cancellationToken);
        if (original is null) return new ResendOutcome(null, NotFound: true);
        if (original.Status == DeliveryStatuses.Queued)
            return new ResendOutcome(null, Refusal: "This attempt is still being sent; resend it once the provider has answered.");
        if (string.IsNullOrWhiteSpace(original.Recipient))
            return new ResendOutcome(null, Refusal: "This attempt has no recipient to send to.");
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == original.ContactId, cancellationToken);
        if (contact is null)
            return new ResendOutcome(null, Refusal: $"Contact {original.ContactId} no longer exists.");
        if (Expressions.Values.IsTrue(ContactStore.ToSnapshot(contact).Field($"{original.Channel}OptOut")))
            return new ResendOutcome(null, Refusal: $"Contact {original.ContactId} has opted out of {original.Channel} ({original.Channel}OptOut), so nothing was sent.");

        var now = time.GetUtcNow();
        var attempt = new DeliveryRecord
        {
            Id = Guid.CreateVersion7(now),
            FlowId = original.FlowId,
            ResendOf = original.Id,
            ResentBy = actor.Length <= 200 ? actor : actor[..200],
            ContactId = original.ContactId,
            Channel = original.Channel,
            Recipient = original.Recipient,
            Status = DeliveryStatuses.Queued,
            Title = original.Title,
            Body = original.Body,
            Actions = original.Actions,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var message = new OutboundMessage(attempt.Id, "resend:" + attempt.Id.ToString("N"), attempt.Channel, attempt.Recipient!, attempt.ContactId,
            attempt.Title, attempt.Body ?? "", StoredJson.ReadStrings(attempt.Actions));
        if (!provider.IsTransactional)
        {
            db.Deliveries.Add(attempt);
            await db.SaveChangesAsync(cancellationToken);
        }
        var outcome = await provider.DeliverAsync(message, cancellationToken);
        attempt.Status = outcome.Status;
        attempt.ProviderResponse = outcome.ProviderResponse;
        attempt.InboxState = outcome.InInbox ? "new" : null;
        attempt.UpdatedAt = time.GetUtcNow();
        if (provider.IsTransactional) db.Deliveries.Add(attempt);
        await db.SaveChangesAsync(CancellationToken.None);
        return new ResendOutcome(await deliveries.FindAsync(attempt.Id, CancellationToken.None));
    }
}
