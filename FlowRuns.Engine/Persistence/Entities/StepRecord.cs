using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>One step of a run: the node it visited, what it did, the port it left by, what it read and produced.</summary>
public sealed class StepRecord
{
    public long RunKey { get; set; }
    public int Sequence { get; set; }
    public required string NodeId { get; set; }
    public int Attempt { get; set; } = 1;
    public StepStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Port { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }
    /// <summary>JSON list of resolutions: reference → value (or missing).</summary>
    public string? Resolutions { get; set; }
    public string? Warnings { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorDetail { get; set; }

    public StepRecord Copy() => (StepRecord)MemberwiseClone();
}
