namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>An analytic event of a run (<c>card.sent</c>, a contact's <c>card.dismissed</c>…), under the step it concerns.</summary>
public sealed class RunEventRecord
{
    public long Id { get; set; }
    public long RunKey { get; set; }
    public int? StepSequence { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Properties { get; set; }
    /// <summary>A contact event that reached the run while it was busy and that it did not wait for once it suspended.</summary>
    public bool NotAwaited { get; set; }
}
