using FlowRuns.Engine.Events;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// What one run (or one accepted event) wants committed at once: its row, new or changed steps, new events and
/// deliveries, inbox entries, and the notifications to raise after. A change set commits whole or not at all.
/// </summary>
public sealed class RunChangeSet
{
    public RunRecord? Run { get; set; }
    public bool RunIsNew { get; set; }
    /// <summary>The path the run took, when this write ends it: the writer files it and sets the run's <c>PathId</c>.</summary>
    public string? PathSignature { get; set; }
    /// <summary>The engine that must hold the run's lease for the run's row to be written (null: a new run, or no run row).</summary>
    public string? Owner { get; set; }
    /// <summary>When set, the write also takes the run's lease: only if the run is free and still at this sequence.</summary>
    public int? ClaimAtSequence { get; set; }
    public List<(StepRecord Step, bool IsNew)> Steps { get; } = [];
    public List<RunEventRecord> Events { get; } = [];
    public List<DeliveryRecord> Deliveries { get; } = [];
    /// <summary>Inbox entries to add; one already there for the same event and run is skipped (its <c>Id</c> stays 0).</summary>
    public List<RunInboxRecord> InboxAdds { get; } = [];
    /// <summary>Inbox entries applied: their id, when, and what became of them.</summary>
    public List<(long Id, DateTimeOffset At, string Outcome)> InboxApplied { get; } = [];
    /// <summary>An accepted event to insert (new) or to mark fanned out.</summary>
    public AcceptedEventRecord? AcceptedEvent { get; set; }
    public List<RunStreamEvent> Notifications { get; } = [];

    /// <summary>Set by the writer: the run's inbox held unapplied events when its row was written.</summary>
    public bool InboxPending { get; set; }

    public bool IsEmpty => Run is null && Steps.Count == 0 && Events.Count == 0 && Deliveries.Count == 0
        && InboxAdds.Count == 0 && InboxApplied.Count == 0 && AcceptedEvent is null;
}
