using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>A run read back from the store with the steps it has committed, ready to become an execution again.</summary>
internal sealed record StoredRun(RunRecord Run, IReadOnlyList<StepRecord> Steps)
{
    public StepRecord? LastStep => Steps.Count == 0 ? null : Steps[^1];
}
