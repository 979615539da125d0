namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A delivery attempt, linked to its run and step when there is one.</summary>
public sealed record DeliveryView(
    string Id,
    string? RunId,
    int? StepSequence,
    string ContactId,
    string Channel,
    string? Recipient,
    string Status,
    string? ProviderResponse,
    string? Title,
    string? Body,
    IReadOnlyList<string> Actions,
    string? InboxState,
    DateTimeOffset CreatedAt);
