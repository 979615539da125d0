using FlowRuns.Engine.Events;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>What a step or an operation did to the run, staged for the next flush: a node's result, the run completed, failed or cancelled, a waiting step finished, a contact event filed.</summary>
public sealed partial class RunExecution
{
    /// <summary>Marks the run cancelled, and the step it was in (if any) with it. Nothing further is sent.</summary>
    internal void CancelRun(StepRecord? current, string by)
    {
        var now = _time.GetUtcNow();
        if (current is not null)
        {
            StatusTransitions.Move(current, StepStatus.Cancelled);
            current.EndedAt = now;
            StageStep(current);
        }
        StatusTransitions.Move(Run, RunStatus.Cancelled);
        Run.EndedAt = now;
        Run.CancelledBy = by;
        ClearWait();
        _recorder.StageEvent(new RunEventRecord
        {
            RunKey = Run.Key,
            StepSequence = current?.Sequence,
            Name = "run.cancelled",
            At = now,
            Properties = StoredJson.Write(new Dictionary<string, object?> { ["by"] = by }),
        });
        StageRunChanged();
    }

    /// <summary>
    /// Records a contact event under a step of this run (it will be committed with the next flush); <paramref name="notAwaited"/>
    /// when it reached the run from its inbox and the run did not wait for it.
    /// </summary>
    internal void RecordContactEvent(ContactEvent contactEvent, int? stepSequence, bool notAwaited = false)
    {
        var record = new RunEventRecord
        {
            RunKey = Run.Key,
            StepSequence = stepSequence,
            Name = contactEvent.Name,
            At = _time.GetUtcNow(),
            Properties = StoredJson.Write(contactEvent.Properties),
            NotAwaited = notAwaited,
        };
        if (notAwaited) _recorder.StageFiledEvent(record);
        else _recorder.StageEvent(record);
    }

    /// <summary>Finishes the waiting step (the wait woke, the event came, the child ended) before the walk goes on.</summary>
    internal void CompleteWaitingStep(StepRecord step, string port, IReadOnlyDictionary<string, object?>? output = null)
    {
        StatusTransitions.Move(step, StepStatus.Completed);
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
        StatusTransitions.Move(Run, RunStatus.Running);
        ClearWait();
        StageRunChanged();
    }

    private void ClearWait()
    {
        Run.WakeAt = null;
        Run.WaitEvent = null;
        Run.WaitChildRunId = null;
    }

    /// <summary>Stages a status change of a suspended run (paused, back to waiting) for the next flush.</summary>
    internal void SetStatus(RunStatus status)
    {
        StatusTransitions.Move(Run, status);
        StageRunChanged();
    }


    private void Fail(StepRecord step, StepError error)
    {
        StatusTransitions.Move(step, StepStatus.Failed);
        step.ErrorCode = error.Code;
        step.ErrorMessage = error.Message;
        step.ErrorDetail = error.Detail;
        step.EndedAt = _time.GetUtcNow();
        step.Port = Flow.Graph.HasEdge(step.NodeId, SubflowNode.FailedPort) ? SubflowNode.FailedPort : null;
        StageStep(step);
    }

    /// <summary>Stages what the step did; a step whose input or output is over the size limit fails with OUTPUT_TOO_LARGE instead, and none of it is stored.</summary>
    private NodeResult Record(StepRecord step, NodeContext context, NodeResult result)
    {
        var now = _time.GetUtcNow();
        var limit = _engine.Limits.MaxOutputChars;
        step.Input = StoredJson.Write(context.Input);
        step.Output = StoredJson.Write(result.Output);
        if ((step.Output?.Length > limit || step.Input?.Length > limit) && context.Deliveries.Count > 0)
        {
            // A message went out: the step stands, only its record is cut.
            var chars = Math.Max(step.Output?.Length ?? 0, step.Input?.Length ?? 0);
            if (step.Output?.Length > limit) step.Output = StoredJson.Write(new Dictionary<string, object?> { ["truncated"] = true, ["chars"] = chars });
            if (step.Input?.Length > limit) step.Input = StoredJson.Write(new Dictionary<string, object?> { ["truncated"] = true, ["chars"] = chars });
        }
        else if (step.Output?.Length > limit || step.Input?.Length > limit)
        {
            var which = step.Output?.Length > limit ? "output" : "input";
            result = NodeResult.Fail(FailureCodes.Create(FailureCodes.OutputTooLarge,
                $"The step's {which} is {Math.Max(step.Output?.Length ?? 0, step.Input?.Length ?? 0):N0} characters as JSON, over the limit of {limit:N0} (FlowRuns:Limits:MaxOutputChars); it was not kept."));
            step.Input = null;
            step.Output = null;
        }
        step.Resolutions = StoredJson.WriteResolutions(context.Resolutions.Items);
        step.Warnings = StoredJson.WriteStrings(context.Warnings);
        Variables.StepOutputs[step.NodeId] = result.Output ?? new Dictionary<string, object?>();
        switch (result)
        {
            case NextResult next:
                StatusTransitions.Move(step, StepStatus.Completed);
                step.Port = next.Port;
                break;
            case SkipResult skip:
                StatusTransitions.Move(step, StepStatus.Skipped);
                step.Port = skip.Port;
                break;
            case FailResult fail:
                StatusTransitions.Move(step, StepStatus.Failed);
                step.ErrorCode = fail.Error.Code;
                step.ErrorMessage = fail.Error.Message;
                step.ErrorDetail = fail.Error.Detail;
                step.Port = fail.ErrorPort is not null && Flow.Graph.HasEdge(step.NodeId, fail.ErrorPort) ? fail.ErrorPort : null;
                break;
            case WaitResult:
            case SubflowResult:
                StatusTransitions.Move(step, StepStatus.Waiting);
                break;
            case CompleteResult:
                StatusTransitions.Move(step, StepStatus.Completed);
                break;
        }
        if (step.Status != StepStatus.Waiting) step.EndedAt = now;
        foreach (var analytic in context.Events)
            _recorder.StageEvent(new RunEventRecord
            {
                RunKey = Run.Key,
                StepSequence = step.Sequence,
                Name = analytic.Name,
                At = analytic.At,
                Properties = StoredJson.Write(analytic.Properties),
            });
        foreach (var delivery in context.Deliveries)
            _recorder.StageDelivery(new DeliveryRecord
            {
                Id = delivery.Id,
                RunKey = Run.Key,
                FlowId = Run.FlowId,
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
        return result;
    }

    private void CompleteRun()
    {
        StatusTransitions.Move(Run, RunStatus.Completed);
        Run.EndedAt = _time.GetUtcNow();
        ClearWait();
        StageRunChanged();
    }

    /// <summary>
    /// A stored run this engine cannot go on with — its step names a node its version lacks, or its steps contradict its
    /// status: it fails here with the reason (whatever was staged is dropped) instead of being retried on every tick.
    /// </summary>
    internal async Task FailUnresumableAsync(string nodeId, Exception reason)
    {
        _recorder.DiscardPending();
        if (StatusTransitions.IsFinal(Run.Status)) return;
        FailRun(nodeId, FailureCodes.Create(FailureCodes.InternalError,
            "This run could not be resumed from what the store holds, so it was failed rather than retried.", reason.Message));
        await FlushAsync();
    }

    private void FailRun(string nodeId, StepError error)
    {
        StatusTransitions.Move(Run, RunStatus.Failed);
        Run.EndedAt = _time.GetUtcNow();
        Run.CurrentNodeId = nodeId;
        Run.ErrorCode = error.Code;
        Run.ErrorMessage = error.Message;
        Run.ErrorDetail = error.Detail;
        ClearWait();
        StageRunChanged();
    }
}
