namespace FlowRuns.Engine.Nodes;

/// <summary>The embedded default provider: every message lands in the contact's inbox in FlowRuns' own store.</summary>
public sealed class InboxChannelProvider : IChannelProvider
{
    public bool IsTransactional => true;

    public ValueTask<DeliveryOutcome> DeliverAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DeliveryOutcome(DeliveryStatuses.Sent, $"stored in the inbox of {message.ContactId}", InInbox: true));
}
