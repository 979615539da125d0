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
/// This file holds the walk; <c>RunExecution.Outcomes.cs</c> what a step does to the run, <c>RunExecution.Subflow.cs</c>
/// subflow steps, and <see cref="RunRecorder"/> what is staged until the next commit.
/// </summary>
public sealed partial class RunExecution
{
    private readonly FlowEngine _engine;
    private readonly RunRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _stepLimit;
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _walkCommitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<int, bool> _isFlowPaused;
    private string? _cancelledBy;

    internal RunExecution(FlowEngine engine, RunWriter writer, RunLeases leases, PublishedFlow flow, RunRecord run, RunVariables variables,
        int depth, int stepLimit, TimeProvider time, ILogger logger, bool persisted, Func<int, bool> isFlowPaused)
    {
        _isFlowPaused = isFlowPaused;
        _engine = engine;
        _recorder = new RunRecorder(writer, leases, time, run, flow.Key, persisted);
        Flow = flow;
        Run = run;
        Variables = variables;
        Depth = depth;
        _stepLimit = stepLimit;
        _time = time;
        _logger = logger;
    }

    public Guid Id => Run.Id;

    public PublishedFlow Flow { get; }

    /// <summary>The run's row as this execution sees it (ahead of the store between durability points).</summary>
    public RunRecord Run { get; }

    public RunVariables Variables { get; }

    public int Depth { get; }

    /// <summary>Completes once the run row is in the store.</summary>
    public Task Committed => _recorder.Committed;

    /// <summary>
    /// Completes once everything staged before the walk (a resume's finished waiting step, the event filed under it) is
    /// committed — with the walk's first write, which comes before any outside effect, at a suspension or at the end;
    /// fails when that write is refused or the walk stops before it. A resume is durable from then on.
    /// </summary>
    public Task WalkCommitted => _walkCommitted.Task;

    /// <summary>Keeps the lease through suspensions while this run walks a child inline.</summary>
    internal bool KeepLease
    {
        get => _recorder.KeepLease;
        set => _recorder.KeepLease = value;
    }

    /// <summary>Completes when the walk stops: the run ended, waits, or the engine is stopping.</summary>
    public Task Settled { get; internal set; } = Task.CompletedTask;

    /// <summary>The walk ended before the run was ever committed (the engine stopped, or the store refused it).</summary>
    internal void Abandon(Exception reason)
    {
        _recorder.Abandon(reason);
        _walkCommitted.TrySetException(reason);
    }

    internal void StageRunChanged() => _recorder.StageRunChanged();

    internal void StageStep(StepRecord step) => _recorder.StageStep(step);

    /// <summary>The last step committed before this execution (a resumed run).</summary>
    internal void MarkPersisted(IReadOnlyList<StepRecord> steps) => _recorder.MarkPersisted(steps);

    internal void StageInboxApplied(long entryId, string outcome) => _recorder.StageInboxApplied(entryId, outcome);

    /// <summary>Records an event handed straight to the run as an inbox entry already applied (committed with the resume).</summary>
    internal void StageInboxApplied(RunInboxRecord entry) => _recorder.StageInboxAdd(entry);

    internal async Task FlushAsync()
    {
        try
        {
            await _recorder.FlushAsync(Variables.Variables);
        }
        catch (Exception ex)
        {
            _walkCommitted.TrySetException(ex);
            throw;
        }
        _walkCommitted.TrySetResult();
    }

    /// <summary>
    /// The walk's first write takes the run's lease (a resume that did not claim it beforehand). Until then the walk is
    /// pure — every outside effect is preceded by a write — so if another engine got the run first, that write is refused
    /// and nothing of this walk happened.
    /// </summary>
    internal void ClaimOnFirstWrite(int loadedSequence) => _recorder.ClaimOnNextFlush(loadedSequence);

    /// <summary>Whether the run's inbox held unapplied events at its last write.</summary>
    internal bool InboxPending => _recorder.InboxPending;

    /// <summary>
    /// Queues the run's first write (its insert, as Pending) without waiting for it: the walk may go on meanwhile, since
    /// the writer commits in order and refuses every later write of a run whose insert failed. <see cref="Committed"/>
    /// says how the insert went.
    /// </summary>
    internal void BeginInsert() => FlushAsync().ContinueWith(t => _ = t.Exception, CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Flushes; when the store refuses because someone asked to cancel the run meanwhile, drops what was staged and
    /// commits the cancel instead (this engine holds the run, so it is the one to do it).
    /// </summary>
    internal async Task FlushOrCancelAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (RunCancelRequestedException requested)
        {
            await CancelAfterRefusalAsync(requested.By);
        }
    }

    private async Task CancelAfterRefusalAsync(string by)
    {
        _cancelledBy ??= by;
        _recorder.DiscardPending();
        if (StatusTransitions.IsFinal(Run.Status)) return;
        CancelRun(_recorder.CommittedOpenStep, _cancelledBy);
        await FlushAsync();
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
            if (Run.Status == RunStatus.Pending)
            {
                StatusTransitions.Move(Run, RunStatus.Running);
                StageRunChanged();
            }
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
                    StatusTransitions.Move(Run, RunStatus.Paused);
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
                var context = new NodeContext(node, Variables, new StepIdentity(Run.Id, step.Sequence, step.Attempt), Run.IsTest)
                {
                    MaxOutputChars = _engine.Limits.MaxOutputChars,
                };
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
                catch (Expressions.OutputTooLargeException ex)
                {
                    result = NodeResult.Fail(FailureCodes.Create(FailureCodes.OutputTooLarge, ex.Message));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Node {NodeId} of run {RunId} threw", node.Id, Run.Id);
                    result = NodeResult.Fail(FailureCodes.Create(FailureCodes.InternalError, $"The {node.Definition.Type} node failed unexpectedly.", ex.Message));
                }
                result = Record(step, context, result);
                current = null;

                switch (result)
                {
                    case WaitResult wait:
                        StatusTransitions.Move(Run, RunStatus.Waiting);
                        Run.WakeAt = wait.WakeAt;
                        Run.WaitEvent = wait.EventName;
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
            if (_recorder.HasPendingChanges) await FlushAsync();
            _walkCommitted.TrySetResult(); // nothing was staged: what the walk began from was committed already
        }
        catch (OperationCanceledException) when (_cancelledBy is not null && !stopping.IsCancellationRequested)
        {
            CancelRun(current, _cancelledBy);
            await FlushAsync();
        }
        catch (RunCancelRequestedException requested)
        {
            // Someone asked to cancel this run: the refused flush is dropped — nothing of it (no delivery) was kept — and
            // the run is cancelled where the store has it.
            await CancelAfterRefusalAsync(requested.By);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Run {RunId} stopped with the engine at {NodeId}; it continues from its last committed step", Run.Id, Run.CurrentNodeId);
            _walkCommitted.TrySetCanceled(stopping);
            throw;
        }
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
}
