namespace FlowRuns.Engine.Nodes;

/// <summary>A delivery attempt a send step made, for the engine to store with the step.</summary>
public sealed record DeliveryDraft(
    Guid Id,
    string Channel,
    string? Recipient,
    string Status,
    string? ProviderResponse,
    string? Title,
    string? Body,
    IReadOnlyList<string> Actions,
    bool InInbox);
