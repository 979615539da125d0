namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// A contact event addressed to one run, kept in the run's inbox until the engine holding the run applies it: it resumes
/// the run when the run waits for it, or is filed on the run as "arrived, not awaited". Applied rows stay (with their
/// outcome), so a fan-out finished again after a crash never hands a run the same event twice.
/// </summary>
public sealed class RunInboxRecord
{
    public long Id { get; set; }
    public long RunKey { get; set; }
    /// <summary>The accepted event this entry came from.</summary>
    public Guid EventId { get; set; }
    public required string Name { get; set; }
    public required string ContactId { get; set; }
    public string? Properties { get; set; }
    /// <summary>The step the event concerns when it names a delivery; else it is filed under the run's latest step.</summary>
    public int? StepSequence { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    /// <summary><c>resumed</c>, <c>not-awaited</c> or <c>run-ended</c> once applied.</summary>
    public string? Outcome { get; set; }
}
