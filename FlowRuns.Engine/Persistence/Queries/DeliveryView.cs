namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// A delivery attempt, linked to its run and step when there is one; a manual resend instead names the attempt it
/// repeats and who resent it. <see cref="Flow"/> is the flow key, <see cref="ContactName"/> the contact's name if known.
/// </summary>
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
    DateTimeOffset CreatedAt,
    string? Flow = null,
    string? ContactName = null,
    string? ResendOf = null,
    string? ResentBy = null);
