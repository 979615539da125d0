using FlowRuns.Engine.Events;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// What one run has done but not yet committed: its staged steps, events, deliveries and notifications, written
/// together by <see cref="FlushAsync"/> — the one place a run's history goes to the store. Each staged change raises the
/// run's sequence by one, so a watcher can tell when it missed something.
/// </summary>
internal sealed class RunRecorder(RunWriter writer, TimeProvider time, RunRecord run, string flowKey, bool persisted)
{
    private readonly Dictionary<int, StepRecord> _stagedSteps = [];
    private readonly HashSet<int> _persistedSteps = [];
    private readonly TaskCompletionSource _committed = CommittedSource(persisted);
    private RunChangeSet _pending = new();
    private bool _runPersisted = persisted;

    /// <summary>Completes once the run row is in the store.</summary>
    public Task Committed => _committed.Task;

    public bool HasPendingChanges => _pending.Notifications.Count > 0;

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

    public void StageDelivery(DeliveryRecord delivery) => _pending.Deliveries.Add(delivery);

    /// <summary>Steps committed before this execution (a resumed run): they are updated, not inserted.</summary>
    public void MarkPersisted(IEnumerable<int> sequences)
    {
        foreach (var sequence in sequences) _persistedSteps.Add(sequence);
    }

    /// <summary>Commits the run row (with <paramref name="variables"/>) and everything staged since the last flush.</summary>
    public async Task FlushAsync(IReadOnlyDictionary<string, object?> variables)
    {
        run.Variables = StoredJson.Write(variables);
        var changes = _pending;
        changes.Run = run.Copy();
        changes.RunIsNew = !_runPersisted;
        foreach (var step in _stagedSteps.Values)
            changes.Steps.Add((step.Copy(), _persistedSteps.Add(step.Sequence)));
        _stagedSteps.Clear();
        _pending = new RunChangeSet();
        await writer.CommitAsync(changes);
        _runPersisted = true;
        _committed.TrySetResult();
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
