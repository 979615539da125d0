using FlowRuns.Engine.Events;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// What one run has done but not yet committed: its staged steps, events, deliveries and notifications, written
/// together by <see cref="FlushAsync"/> — the one place a run's history goes to the store. Each staged change raises the
/// run's sequence by one, so a watcher can tell when it missed something. Every flush also says who holds the run: this
/// engine while the run is walked (the lease is renewed), nobody once it suspends or ends (the lease is released).
/// </summary>
internal sealed class RunRecorder(RunWriter writer, RunLeases leases, TimeProvider time, RunRecord run, string flowKey, bool persisted)
{
    private readonly Dictionary<int, StepRecord> _stagedSteps = [];
    private readonly TaskCompletionSource _committed = CommittedSource(persisted);
    private RunChangeSet _pending = new();
    private int? _claimAt;
    private bool _insertQueued = persisted;
    private RunRecord _committedRun = run.Copy();
    private readonly RunPath _path = new();

    /// <summary>Completes once the run row is in the store.</summary>
    public Task Committed => _committed.Task;

    public bool HasPendingChanges => _pending.Notifications.Count > 0 || _pending.Events.Count > 0 || _pending.InboxApplied.Count > 0;

    /// <summary>The next flush takes the run's lease (only if the run is free and still at <paramref name="loadedSequence"/>).</summary>
    public void ClaimOnNextFlush(int loadedSequence) => _claimAt = loadedSequence;

    /// <summary>Whether the run's inbox held unapplied events at the last flush (the writer reads it back with the write).</summary>
    public bool InboxPending { get; private set; }

    /// <summary>True while the run's walk goes on past this flush (or it walks a child inline): the lease stays this engine's.</summary>
    public bool KeepLease { get; set; }

    /// <summary>The open (running or waiting) step as last committed: where a refused flush leaves the run.</summary>
    public StepRecord? CommittedOpenStep { get; private set; }

    public void StageRunChanged()
    {
        run.Sequence++;
        _pending.Notifications.Add(new RunChanged(run.Id, flowKey, run.Sequence, time.GetUtcNow(), run.Status, run.CurrentNodeId, run.ErrorCode));
    }

    public void StageStep(StepRecord step)
    {
        run.Sequence++;
        _stagedSteps[step.Sequence] = step;
        _pending.Notifications.Add(new StepChanged(run.Id, flowKey, run.Sequence, time.GetUtcNow(), step.Sequence, step.NodeId,
            step.Status, step.Port, step.ErrorCode, string.IsNullOrEmpty(step.Warnings) ? 0 : StoredJson.ReadStrings(step.Warnings).Count));
    }

    public void StageEvent(RunEventRecord runEvent) => _pending.Events.Add(runEvent);

    /// <summary>Stages a contact event filed on the run, with its notification.</summary>
    public void StageFiledEvent(RunEventRecord runEvent)
    {
        run.Sequence++;
        _pending.Events.Add(runEvent);
        _pending.Notifications.Add(new RunEventAdded(run.Id, flowKey, run.Sequence, time.GetUtcNow(), runEvent.Name, runEvent.StepSequence));
    }

    public void StageDelivery(DeliveryRecord delivery) => _pending.Deliveries.Add(delivery);

    public void StageInboxApplied(long entryId, string outcome) => _pending.InboxApplied.Add((entryId, time.GetUtcNow(), outcome));

    public void StageInboxAdd(RunInboxRecord entry) => _pending.InboxAdds.Add(entry);

    /// <summary>Remembers the steps a run read back from the store has committed: its path so far, and its open step.</summary>
    public void MarkPersisted(IReadOnlyList<StepRecord> steps)
    {
        foreach (var step in steps) _path.Record(step);
        var last = steps.Count == 0 ? null : steps[^1];
        CommittedOpenStep = last is { Status: StepStatus.Running or StepStatus.Waiting } ? last.Copy() : null;
    }

    /// <summary>
    /// Commits the run row (with <paramref name="variables"/>) and everything staged since the last flush — only while this
    /// engine holds the run's lease. A refused flush throws and its changes are dropped: the store keeps the last commit.
    /// </summary>
    public async Task FlushAsync(IReadOnlyDictionary<string, object?> variables)
    {
        run.Variables = StoredJson.Write(variables);
        var holds = KeepLease || run.Status is RunStatus.Pending or RunStatus.Running;
        run.LeaseOwner = holds ? leases.Owner : null;
        run.LeaseUntil = holds ? leases.Until : null;
        var changes = _pending;
        _pending = new RunChangeSet();
        changes.Run = run.Copy();
        changes.RunIsNew = !_insertQueued;
        _insertQueued = true; // later flushes update the row, even while this insert is still queued
        changes.Owner = leases.Owner;
        changes.ClaimAtSequence = _claimAt;
        StepRecord? open = null;
        foreach (var step in _stagedSteps.Values.OrderBy(s => s.Sequence))
        {
            var copy = step.Copy();
            changes.Steps.Add((copy, true));
            if (step.Sequence >= (open?.Sequence ?? 0)) open = copy;
        }
        // A customer's run that ends here files the path it took (a test run is not a customer's).
        if (StatusTransitions.IsFinal(run.Status) && run.PathId is null && !run.IsTest)
            changes.PathSignature = _path.SignatureWith(changes.Steps.Select(s => s.Step));
        var staged = _stagedSteps.Values.ToList();
        _stagedSteps.Clear();
        try
        {
            await writer.CommitAsync(changes);
        }
        catch (Exception ex)
        {
            if (changes.RunIsNew) _committed.TrySetException(ex);
            throw;
        }
        _claimAt = null; // taken: later writes are conditional on holding it
        if (run.Key == 0) run.Key = changes.Run.Key;
        run.PathId ??= changes.Run.PathId;
        foreach (var (step, _) in changes.Steps) _path.Record(step); // committed: part of the path from now on
        foreach (var step in staged) step.RunKey = run.Key;
        InboxPending = changes.InboxPending;
        _committedRun = changes.Run.Copy();
        if (open is not null) CommittedOpenStep = open.Status is StepStatus.Running or StepStatus.Waiting ? open : null;
        if (holds) leases.Took(run.Id);
        else leases.Gave(run.Id);
        _committed.TrySetResult();
    }

    /// <summary>
    /// Drops what is staged and puts the run back as the store has it (a refused flush, or a cancel that wins over it);
    /// the sequence stays ahead, so the next write still counts up.
    /// </summary>
    public void DiscardPending()
    {
        _pending = new RunChangeSet();
        _stagedSteps.Clear();
        var sequence = run.Sequence;
        run.Status = _committedRun.Status;
        run.EndedAt = _committedRun.EndedAt;
        run.CurrentNodeId = _committedRun.CurrentNodeId;
        run.StepCount = _committedRun.StepCount;
        run.ErrorCode = _committedRun.ErrorCode;
        run.ErrorMessage = _committedRun.ErrorMessage;
        run.ErrorDetail = _committedRun.ErrorDetail;
        run.WakeAt = _committedRun.WakeAt;
        run.WaitEvent = _committedRun.WaitEvent;
        run.WaitChildRunId = _committedRun.WaitChildRunId;
        run.Sequence = sequence;
    }

    /// <summary>The run was never committed (the engine stopped, or the store refused it).</summary>
    public void Abandon(Exception reason) => _committed.TrySetException(reason);

    private static TaskCompletionSource CommittedSource(bool persisted)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (persisted) source.TrySetResult();
        return source;
    }
}
