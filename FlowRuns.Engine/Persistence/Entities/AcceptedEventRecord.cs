namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// A contact event the API accepted, committed before it is answered: for one contact or for an audience. Its fan-out
/// (runs started, inbox entries for runs it concerns) is finished again after a crash until <see cref="FannedOutAt"/> is set.
/// </summary>
public sealed class AcceptedEventRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The one contact, or null for an audience event.</summary>
    public string? ContactId { get; set; }
    /// <summary>The audience expression, or null for one contact's event.</summary>
    public string? Audience { get; set; }
    public string? Properties { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    public DateTimeOffset? FannedOutAt { get; set; }
}
