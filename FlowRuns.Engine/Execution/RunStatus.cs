namespace FlowRuns.Engine.Execution;

/// <summary>Where a run stands.</summary>
public enum RunStatus
{
    Pending,
    Running,
    Waiting,
    Paused,
    Completed,
    Failed,
    Cancelled,
}
