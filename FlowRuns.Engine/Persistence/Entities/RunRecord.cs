using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// One run of one flow version for one contact. <see cref="Key"/> is the internal row key (steps point at it);
/// <see cref="Id"/> is the public, time-sortable id. Payload columns (data, variables, event) are never read by lists.
/// </summary>
public sealed class RunRecord
{
    public long Key { get; set; }
    public Guid Id { get; set; }
    public int FlowId { get; set; }
    public int Version { get; set; }
    public required string ContactId { get; set; }
    public RunTrigger Trigger { get; set; }
    public RunStatus Status { get; set; }
    public bool IsTest { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? CurrentNodeId { get; set; }
    /// <summary>The run's change counter: every committed run or step change raises it by one.</summary>
    public int Sequence { get; set; }
    public int StepCount { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorDetail { get; set; }
    public Guid? ParentRunId { get; set; }
    public Guid? ReplayOf { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
    public string? WaitingFor { get; set; }
    /// <summary>The trigger data the run started with (JSON), kept for replays.</summary>
    public string? TriggerData { get; set; }
    /// <summary>The mock contact of a test run (JSON).</summary>
    public string? MockContact { get; set; }
    /// <summary>Run variables when the run last suspended or ended (JSON).</summary>
    public string? Variables { get; set; }
    /// <summary>The contact event that started the run (JSON), kept for replays.</summary>
    public string? Event { get; set; }
    /// <summary>The contact event that last resumed the run (JSON): what <c>%{event.*}</c> reads after it.</summary>
    public string? ResumeEvent { get; set; }
    public string? CancelledBy { get; set; }

    public RunRecord Copy() => (RunRecord)MemberwiseClone();
}
