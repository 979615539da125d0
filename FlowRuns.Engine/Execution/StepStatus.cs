namespace FlowRuns.Engine.Execution;

/// <summary>What one step did.</summary>
public enum StepStatus
{
    Pending,
    Running,
    Waiting,
    Completed,
    Failed,
    Skipped,
    Cancelled,
}
