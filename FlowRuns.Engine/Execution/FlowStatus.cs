namespace FlowRuns.Engine.Execution;

/// <summary>Whether a flow starts new runs.</summary>
public enum FlowStatus
{
    Active,
    Paused,
    Inactive,
}
