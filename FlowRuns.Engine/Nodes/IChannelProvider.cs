namespace FlowRuns.Engine.Nodes;

/// <summary>Delivers outbound messages (card, sms, email, push). The embedded default puts them into the contact's inbox.</summary>
public interface IChannelProvider
{
    /// <summary>
    /// True when a delivery is recorded only in FlowRuns' own store, in the same commit as its step (the embedded inbox):
    /// nothing leaves the process, so no write-ahead is needed for idempotency.
    /// </summary>
    bool IsTransactional { get; }

    ValueTask<DeliveryOutcome> DeliverAsync(OutboundMessage message, CancellationToken cancellationToken);
}
