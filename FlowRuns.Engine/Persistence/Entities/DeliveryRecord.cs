namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// One outbound message attempt. Messages the embedded provider delivered are the contact's inbox:
/// <see cref="InboxState"/> is <c>new</c>, <c>viewed</c>, <c>dismissed</c> or <c>completed</c> for them, null otherwise.
/// (RunKey, StepSequence, Attempt) is unique: the idempotency key of a send. A manual resend has no run: it names the
/// attempt it repeats (<see cref="ResendOf"/>) and who asked for it (<see cref="ResentBy"/>).
/// </summary>
public sealed class DeliveryRecord
{
    public Guid Id { get; set; }
    public long? RunKey { get; set; }

    /// <summary>The flow whose run sent it (a resend keeps its original's), so deliveries filter by flow without a join.</summary>
    public int? FlowId { get; set; }

    public Guid? ResendOf { get; set; }
    public string? ResentBy { get; set; }
    public int? StepSequence { get; set; }
    public int? Attempt { get; set; }
    public required string ContactId { get; set; }
    public required string Channel { get; set; }
    public string? Recipient { get; set; }
    public required string Status { get; set; }
    public string? ProviderResponse { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? Actions { get; set; }
    public string? InboxState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
