namespace FlowRuns.Engine.Nodes;

/// <summary>One message to deliver; <see cref="IdempotencyKey"/> is the same for every retry of the same step attempt.</summary>
public sealed record OutboundMessage(
    Guid DeliveryId,
    string IdempotencyKey,
    string Channel,
    string Recipient,
    string ContactId,
    string? Title,
    string Body,
    IReadOnlyList<string> Actions);
