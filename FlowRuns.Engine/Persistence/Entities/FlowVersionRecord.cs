namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// An immutable published graph of a flow. Stored once per version, never per run. A number of 0 or below is a draft trial
/// (<see cref="Execution.FlowCatalog.KeepTrialAsync"/>): test runs of a draft ran on it; it is never current and never listed.
/// </summary>
public sealed class FlowVersionRecord
{
    public int Id { get; set; }
    public int FlowId { get; set; }
    public int Number { get; set; }
    public string? Name { get; set; }

    /// <summary>What changed and why, as its author wrote it when publishing (≤ <see cref="Execution.PublishOptions.MaxNoteLength"/> characters).</summary>
    public string? Note { get; set; }
    public required string Definition { get; set; }
    public required string Fingerprint { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}
