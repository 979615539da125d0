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
    /// <summary>The path the run took (<see cref="FlowPathRecord"/>), set when it ends; null while it goes on, and for test runs.</summary>
    public int? PathId { get; set; }
    /// <summary>When a delay ends or a wait times out; the scheduler resumes the run then, never before.</summary>
    public DateTimeOffset? WakeAt { get; set; }
    /// <summary>The contact event a waiting run waits for (a <c>wait</c> step); null otherwise.</summary>
    public string? WaitEvent { get; set; }
    /// <summary>The child run a waiting run's <c>subflow</c> step waits for; null otherwise. No event can resume it.</summary>
    public Guid? WaitChildRunId { get; set; }
    /// <summary>The engine that holds the run's lease (walking it); null while it waits or once it ended.</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>Until when the lease holds; an engine that stops renewing it loses the run to recovery after this.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>Who asked to cancel the run while another engine walked it: that engine's next write fails and it cancels.</summary>
    public string? CancelRequestedBy { get; set; }
    /// <summary>The accepted contact event whose fan-out started this run: one run per event, flow and contact.</summary>
    public Guid? SourceEventId { get; set; }
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
