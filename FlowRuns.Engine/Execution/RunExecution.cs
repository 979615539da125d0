using FlowRuns.Engine.Events;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// One run being walked, node by node, in memory. Steps are committed at durability points: before a step with an
/// outside effect (http, an outside provider's send) and whenever the run suspends or ends. Steps in between are pure
/// (conditions, switches, sets, inbox sends that commit with their step), so a crash between two points replays them
/// harmlessly from the last committed step. Every notification is raised by the writer after its commit.
/// </summary>
public sealed class RunExecution
{
    public const string SubflowWaitPrefix = "subflow:";

    private readonly FlowEngine _engine;
    private readonly RunWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _stepLimit;
    private readonly Dictionary<int, StepRecord> _stagedSteps = [];
    private readonly HashSet<int> _persistedSteps = [];
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _walkCommitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<int, bool> _isFlowPaused;
    private RunChangeSet _pending = new();
    private bool _runPersisted;
    private string? _cancelledBy;

    internal RunExecution(FlowEngine engine, RunWriter writer, PublishedFlow flow, RunRecord run, RunVariables variables,
        int depth, int stepLimit, TimeProvider time, ILogger logger, bool persisted, Func<int, bool> isFlowPaused)
    {
        _isFlowPaused = isFlowPaused;
        _engine = engine;
        _writer = writer;
        Flow = flow;
        Run = run;
        Variables = variables;
        Depth = depth;
        _stepLimit = stepLimit;
        _time = time;
        _logger = logger;
        _runPersisted = persisted;
        if (persisted) _committed.TrySetResult();
    }

    public Guid Id => Run.Id;

    public PublishedFlow Flow { get; }

    /// <summary>The run's row as this execution sees it (ahead of the store between durability points).</summary>
    public RunRecord Run { get; }

    public RunVariables Variables { get; }

    public int Depth { get; }

    /// <summary>Completes once the run row is in the store.</summary>
    public Task Committed => _committed.Task;

    /// <summary>
    /// Set by a resume whose first changes (the finished waiting step, the event filed under it) must be committed before
    /// the walk goes on: the walk commits them first, in parallel with other walks, so many resumes share commits.
    /// </summary>
    internal bool CommitBeforeWalk { get; set; }

    /// <summary>Completes once the walk has begun with everything staged before it committed (a resume is then durable).</summary>
    public Task WalkCommitted => _walkCommitted.Task;

    /// <summary>Completes when the walk stops: the run ended, waits, or the engine is stopping.</summary>
    public Task Settled { get; internal set; } = Task.CompletedTask;

    /// <summary>The walk ended before the run was ever committed (the engine stopped, or the store refused it).</summary>
    internal void Abandon(Exception reason)
    {
        _committed.TrySetException(reason);
        _walkCommitted.TrySetException(reason);
    }

    internal void StageRunChanged()
    {
        Run.Sequence++;
        _pending.Notifications.Add(new RunChanged(Run.Id, Flow.Key, Run.Sequence, _time.GetUtcNow(), Run.Status, Run.CurrentNodeId, Run.ErrorCode));
    }

    internal void StageStep(StepRecord step)
    {
        Run.Sequence++;
        _stagedSteps[step.Sequence] = step;
        _pending.Notifications.Add(new StepChanged(Run.Id, Flow.Key, Run.Sequence, _time.GetUtcNow(), step.Sequence, step.NodeId,
            step.Status, step.Port, step.ErrorCode, string.IsNullOrEmpty(step.Warnings) ? 0 : StoredJson.ReadStrings(step.Warnings).Count));
    }

    /// <summary>Steps committed before this execution (a resumed run): they are updated, not inserted.</summary>
    internal void MarkPersisted(IEnumerable<int> sequences)
    {
        foreach (var sequence in sequences) _persistedSteps.Add(sequence);
    }

    internal async Task FlushAsync()
    {
        Run.Variables = StoredJson.Write(Variables.Variables);
        var changes = _pending;
        changes.Run = Run.Copy();
        changes.RunIsNew = !_runPersisted;
        foreach (var step in _stagedSteps.Values)
            changes.Steps.Add((step.Copy(), _persistedSteps.Add(step.Sequence)));
        _stagedSteps.Clear();
        _pending = new RunChangeSet();
        await _writer.CommitAsync(changes);
        _runPersisted = true;
        _committed.TrySetResult();
    }

    /// <summary>Asks the walk to stop and cancel the run; it stops at the step it is in (an http call is abandoned).</summary>
    internal void RequestCancel(string by)
    {
        _cancelledBy ??= by;
        _cancel.Cancel();
    }

    internal bool CancelRequested => _cancelledBy is not null;

    /// <summary>Walks from <paramref name="start"/> until the run ends, suspends, is paused or cancelled.</summary>
    internal async Task WalkAsync(CompiledNodeRef start, CancellationToken stopping)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["RunId"] = Run.Id.ToString("N"), ["FlowKey"] = Flow.Key });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token);
        var cancellationToken = linked.Token;
        StepRecord? current = null;
        try
        {
            if (CommitBeforeWalk)
            {
                CommitBeforeWalk = false;
                await FlushAsync();
            }
            _walkCommitted.TrySetResult();
            CompiledNode? node = start.Node;
            StepRecord? retry = null;
            switch (start.Kind)
            {
                case WalkStart.After:
                    node = ContinueFrom(start.Node, start.Step!, start.Step!.Port, start.Step.Status == StepStatus.Failed);
                    break;
                case WalkStart.Retry:
                    retry = start.Step;
                    break;
            }
            while (node is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (retry is null && Run.StepCount >= _stepLimit)
                {
                    FailRun(node.Id, FailureCodes.Create(FailureCodes.StepLimit, $"The run took {_stepLimit} steps without ending; it stopped before '{node.Id}'."));
                    break;
                }
                if (retry is null && !Run.IsTest && _isFlowPaused(Flow.FlowId))
                {
                    Run.Status = RunStatus.Paused;
                    StageRunChanged();
                    break;
                }
                var step = retry ?? new StepRecord
                {
                    RunKey = Run.Key,
                    Sequence = ++Run.StepCount,
                    NodeId = node.Id,
                    Status = StepStatus.Running,
                    StartedAt = _time.GetUtcNow(),
                };
                retry = null;
                current = step;
                Run.CurrentNodeId = node.Id;
                var context = new NodeContext(node, Variables, new StepIdentity(Run.Id, step.Sequence, step.Attempt), Run.IsTest);
                if (!Run.IsTest && node.Type.HasExternalEffect(node.Config))
                {
                    StageStep(step);
                    await FlushAsync();
                }

                NodeResult result;
                try
                {
                    result = await node.Type.ExecuteAsync(context, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Node {NodeId} of run {RunId} threw", node.Id, Run.Id);
                    result = NodeResult.Fail(FailureCodes.Create(FailureCodes.InternalError, $"The {node.Definition.Type} node failed unexpectedly.", ex.Message));
                }
                Record(step, context, result);
                current = null;

                switch (result)
                {
                    case WaitResult wait:
                        Run.Status = RunStatus.Waiting;
                        Run.WakeAt = wait.WakeAt;
                        Run.WaitingFor = wait.EventName;
                        StageRunChanged();
                        await FlushAsync();
                        if (wait.WakeAt is not null) _engine.OnTimerScheduled();
                        node = null;
                        break;
                    case SubflowResult subflow:
                        node = await RunSubflowAsync(node, step, subflow, cancellationToken);
                        break;
                    default:
                        node = ContinueFrom(node, step, result switch
                        {
                            NextResult next => next.Port,
                            SkipResult skip => skip.Port,
                            FailResult fail => fail.ErrorPort,
                            _ => null,
                        }, result is FailResult);
                        break;
                }
            }
            if (_pending.Notifications.Count > 0) await FlushAsync();
        }
        catch (OperationCanceledException) when (_cancelledBy is not null && !stopping.IsCancellationRequested)
        {
            CancelRun(current, _cancelledBy);
            await FlushAsync();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Run {RunId} stopped with the engine at {NodeId}; it continues from its last committed step", Run.Id, Run.CurrentNodeId);
            throw;
        }
    }

    /// <summary>Marks the run cancelled, and the step it was in (if any) with it. Nothing further is sent.</summary>
    internal void CancelRun(StepRecord? current, string by)
    {
        var now = _time.GetUtcNow();
        if (current is not null)
        {
            current.Status = StepStatus.Cancelled;
            current.EndedAt = now;
            StageStep(current);
        }
        Run.Status = RunStatus.Cancelled;
        Run.EndedAt = now;
        Run.CancelledBy = by;
        Run.WakeAt = null;
        Run.WaitingFor = null;
        _pending.Events.Add(new RunEventRecord
        {
            RunKey = Run.Key,
            StepSequence = current?.Sequence,
            Name = "run.cancelled",
            At = now,
            Properties = StoredJson.Write(new Dictionary<string, object?> { ["by"] = by }),
        });
        StageRunChanged();
    }

    /// <summary>Records a contact event under a step of this run (it will be committed with the next flush).</summary>
    internal void RecordContactEvent(ContactEvent contactEvent, int? stepSequence)
    {
        _pending.Events.Add(new RunEventRecord
        {
            RunKey = Run.Key,
            StepSequence = stepSequence,
            Name = contactEvent.Name,
            At = _time.GetUtcNow(),
            Properties = StoredJson.Write(contactEvent.Properties),
        });
    }

    /// <summary>Finishes the waiting step (the wait woke, the event came, the child ended) before the walk goes on.</summary>
    internal void CompleteWaitingStep(StepRecord step, string port, IReadOnlyDictionary<string, object?>? output = null)
    {
        step.Status = StepStatus.Completed;
        step.Port = port;
        step.EndedAt = _time.GetUtcNow();
        if (output is not null)
        {
            var merged = StoredJson.ReadMap(step.Output);
            foreach (var (name, value) in output) merged[name] = value;
            step.Output = StoredJson.Write(merged);
            Variables.StepOutputs[step.NodeId] = merged;
        }
        StageStep(step);
        Run.Status = RunStatus.Running;
        Run.WakeAt = null;
        Run.WaitingFor = null;
        StageRunChanged();
    }

    /// <summary>Stages a status change of a suspended run (paused, back to waiting) for the next flush.</summary>
    internal void SetStatus(RunStatus status)
    {
        Run.Status = status;
        StageRunChanged();
    }

    /// <summary>Where the walk goes after <paramref name="step"/> left <paramref name="node"/>; null when the run ended (staged, not yet flushed).</summary>
    private CompiledNode? ContinueFrom(CompiledNode node, StepRecord step, string? port, bool failed)
    {
        if (failed)
        {
            if (port is not null && Flow.Graph.Follow(node.Id, port) is { } errorTarget) return errorTarget;
            FailRun(node.Id, new StepError(step.ErrorCode ?? FailureCodes.InternalError, step.ErrorMessage ?? "The step failed.", "", step.ErrorDetail));
            return null;
        }
        if (port is null)
        {
            CompleteRun();
            return null;
        }
        if (Flow.Graph.Follow(node.Id, port) is { } next) return next;
        FailRun(node.Id, FailureCodes.Create(FailureCodes.MissingBranch, $"Step '{node.Id}' left by port '{port}', but no edge leaves '{node.Id}' by that port."));
        return null;
    }

    private async Task<CompiledNode?> RunSubflowAsync(CompiledNode node, StepRecord step, SubflowResult subflow, CancellationToken cancellationToken)
    {
        if (Depth + 1 > _engine.SubflowDepthLimit)
        {
            Fail(step, FailureCodes.Create(FailureCodes.StepLimit, $"Subflows nest deeper than {_engine.SubflowDepthLimit} levels."));
            return ContinueFrom(node, step, SubflowNode.FailedPort, failed: true);
        }
        RunExecution child;
        try
        {
            child = await _engine.PrepareChildAsync(this, subflow, cancellationToken);
        }
        catch (FlowNotFoundException)
        {
            Fail(step, FailureCodes.Create(FailureCodes.SubflowMissing, $"The subflow '{subflow.FlowKey}' is not published."));
            return ContinueFrom(node, step, SubflowNode.FailedPort, failed: true);
        }
        step.Output = StoredJson.Write(new Dictionary<string, object?> { ["childRunId"] = child.Id.ToString("N") });
        step.Status = StepStatus.Waiting;
        StageStep(step);
        Run.Status = RunStatus.Waiting;
        Run.WaitingFor = SubflowWaitPrefix + child.Id.ToString("N");
        StageRunChanged();
        await FlushAsync();

        await child.WalkAsync(CompiledNodeRef.At(child.Flow.Graph.Trigger), cancellationToken);
        if (child.Run.Status is RunStatus.Waiting or RunStatus.Paused or RunStatus.Running) return null;
        return ResumeAfterChild(node, step, child.Run, child.Variables.Variables);
    }

    /// <summary>Finishes the subflow step once its child run has ended, and says where the walk goes next.</summary>
    internal CompiledNode? ResumeAfterChild(CompiledNode node, StepRecord step, RunRecord child, IReadOnlyDictionary<string, object?> childVariables)
    {
        Run.Status = RunStatus.Running;
        Run.WaitingFor = null;
        Run.WakeAt = null;
        StageRunChanged();
        var output = new Dictionary<string, object?>(childVariables) { ["childRunId"] = child.Id.ToString("N") };
        Variables.StepOutputs[node.Id] = childVariables;
        step.Output = StoredJson.Write(output);
        step.EndedAt = _time.GetUtcNow();
        if (child.Status == RunStatus.Completed)
        {
            step.Status = StepStatus.Completed;
            step.Port = Definitions.EdgeDefinition.DefaultPort;
            StageStep(step);
            return ContinueFrom(node, step, step.Port, failed: false);
        }
        Fail(step, FailureCodes.Create(FailureCodes.SubflowFailed, $"The child run {child.Id:N} of '{node.Id}' ended {child.Status.ToString().ToLowerInvariant()}: {child.ErrorMessage}"));
        return ContinueFrom(node, step, SubflowNode.FailedPort, failed: true);
    }

    private void Fail(StepRecord step, StepError error)
    {
        step.Status = StepStatus.Failed;
        step.ErrorCode = error.Code;
        step.ErrorMessage = error.Message;
        step.ErrorDetail = error.Detail;
        step.EndedAt = _time.GetUtcNow();
        step.Port = Flow.Graph.HasEdge(step.NodeId, SubflowNode.FailedPort) ? SubflowNode.FailedPort : null;
        StageStep(step);
    }

    private void Record(StepRecord step, NodeContext context, NodeResult result)
    {
        var now = _time.GetUtcNow();
        step.Input = StoredJson.Write(context.Input);
        step.Output = StoredJson.Write(result.Output);
        step.Resolutions = StoredJson.WriteResolutions(context.Resolutions.Items);
        step.Warnings = StoredJson.WriteStrings(context.Warnings);
        Variables.StepOutputs[step.NodeId] = result.Output ?? new Dictionary<string, object?>();
        switch (result)
        {
            case NextResult next:
                step.Status = StepStatus.Completed;
                step.Port = next.Port;
                break;
            case SkipResult skip:
                step.Status = StepStatus.Skipped;
                step.Port = skip.Port;
                break;
            case FailResult fail:
                step.Status = StepStatus.Failed;
                step.ErrorCode = fail.Error.Code;
                step.ErrorMessage = fail.Error.Message;
                step.ErrorDetail = fail.Error.Detail;
                step.Port = fail.ErrorPort is not null && Flow.Graph.HasEdge(step.NodeId, fail.ErrorPort) ? fail.ErrorPort : null;
                break;
            case WaitResult:
            case SubflowResult:
                step.Status = StepStatus.Waiting;
                break;
            case CompleteResult:
                step.Status = StepStatus.Completed;
                break;
        }
        if (step.Status != StepStatus.Waiting) step.EndedAt = now;
        foreach (var analytic in context.Events)
            _pending.Events.Add(new RunEventRecord
            {
                RunKey = Run.Key,
                StepSequence = step.Sequence,
                Name = analytic.Name,
                At = analytic.At,
                Properties = StoredJson.Write(analytic.Properties),
            });
        foreach (var delivery in context.Deliveries)
            _pending.Deliveries.Add(new DeliveryRecord
            {
                Id = delivery.Id,
                RunKey = Run.Key,
                StepSequence = step.Sequence,
                Attempt = step.Attempt,
                ContactId = Run.ContactId,
                Channel = delivery.Channel,
                Recipient = delivery.Recipient,
                Status = delivery.Status,
                ProviderResponse = delivery.ProviderResponse,
                Title = delivery.Title,
                Body = delivery.Body,
                Actions = StoredJson.WriteStrings(delivery.Actions),
                InboxState = delivery.InInbox ? "new" : null,
                CreatedAt = now,
                UpdatedAt = now,
            });
        if (result is not SubflowResult) StageStep(step);
    }

    private void CompleteRun()
    {
        Run.Status = RunStatus.Completed;
        Run.EndedAt = _time.GetUtcNow();
        Run.WakeAt = null;
        Run.WaitingFor = null;
        StageRunChanged();
    }

    private void FailRun(string nodeId, StepError error)
    {
        Run.Status = RunStatus.Failed;
        Run.EndedAt = _time.GetUtcNow();
        Run.CurrentNodeId = nodeId;
        Run.ErrorCode = error.Code;
        Run.ErrorMessage = error.Message;
        Run.ErrorDetail = error.Detail;
        Run.WakeAt = null;
        Run.WaitingFor = null;
        StageRunChanged();
    }
}
