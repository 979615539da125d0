using FlowRuns.Engine.Events;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>Subflow steps: the child run started and walked, and the parent going on once the child has ended.</summary>
public sealed partial class RunExecution
{
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
        // The child is stored (Pending, with this engine's lease) before the parent says it waits for it, so a crash
        // between the two leaves a child that recovery walks and that then resumes its parent.
        try
        {
            await child.FlushAsync();
        }
        catch
        {
            await _engine.SettleInlineChildAsync(child.Id);
            throw;
        }
        step.Output = StoredJson.Write(new Dictionary<string, object?> { ["childRunId"] = child.Id.ToString("N") });
        StatusTransitions.Move(step, StepStatus.Waiting);
        StageStep(step);
        StatusTransitions.Move(Run, RunStatus.Waiting);
        Run.WaitChildRunId = child.Id;
        StageRunChanged();
        KeepLease = true; // walked inline: nobody else may resume the parent while its child runs here
        try
        {
            await FlushAsync();
            await child.WalkAsync(CompiledNodeRef.At(child.Flow.Graph.Trigger), cancellationToken);
        }
        finally
        {
            KeepLease = false;
            await _engine.SettleInlineChildAsync(child.Id);
        }
        if (child.Run.Status is RunStatus.Waiting or RunStatus.Paused or RunStatus.Running or RunStatus.Pending)
        {
            await FlushAsync(); // the parent waits on: its lease goes with this flush
            return null;
        }
        return ResumeAfterChild(node, step, child.Run, child.Variables.Variables);
    }

    /// <summary>Finishes the subflow step once its child run has ended, and says where the walk goes next.</summary>
    internal CompiledNode? ResumeAfterChild(CompiledNode node, StepRecord step, RunRecord child, IReadOnlyDictionary<string, object?> childVariables)
    {
        StatusTransitions.Move(Run, RunStatus.Running);
        ClearWait();
        StageRunChanged();
        var output = new Dictionary<string, object?>(childVariables) { ["childRunId"] = child.Id.ToString("N") };
        Variables.StepOutputs[node.Id] = childVariables;
        step.Output = StoredJson.Write(output);
        step.EndedAt = _time.GetUtcNow();
        if (child.Status == RunStatus.Completed)
        {
            StatusTransitions.Move(step, StepStatus.Completed);
            step.Port = Definitions.EdgeDefinition.DefaultPort;
            StageStep(step);
            return ContinueFrom(node, step, step.Port, failed: false);
        }
        Fail(step, FailureCodes.Create(FailureCodes.SubflowFailed, $"The child run {child.Id:N} of '{node.Id}' ended {child.Status.ToString().ToLowerInvariant()}: {child.ErrorMessage}"));
        return ContinueFrom(node, step, SubflowNode.FailedPort, failed: true);
    }
}
