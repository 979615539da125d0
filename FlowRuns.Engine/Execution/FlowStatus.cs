namespace FlowRuns.Engine.Execution;

/// <summary>Whether a flow starts new runs. Only an <see cref="Active"/> flow's trigger starts runs; test runs start on any.</summary>
public enum FlowStatus
{
    Active,
    Paused,
    Inactive,

    /// <summary>Being authored (a new flow or a clone): its trigger has never started a run; activating it makes it Active.</summary>
    Draft,
}
