using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>How a walk starts.</summary>
internal enum WalkStart
{
    /// <summary>A new step at <see cref="CompiledNodeRef.Node"/> (a new run at its trigger).</summary>
    At,
    /// <summary>After <see cref="CompiledNodeRef.Step"/>, which has finished and names the port it left by.</summary>
    After,
    /// <summary>Executes <see cref="CompiledNodeRef.Step"/> again: it was in flight when the process stopped.</summary>
    Retry,
}

/// <summary>Where a walk starts: a node, and for a resumed run the step it resumes from.</summary>
internal sealed record CompiledNodeRef(WalkStart Kind, CompiledNode Node, StepRecord? Step)
{
    public static CompiledNodeRef At(CompiledNode node) => new(WalkStart.At, node, null);

    public static CompiledNodeRef After(CompiledNode node, StepRecord step) => new(WalkStart.After, node, step);

    public static CompiledNodeRef Retry(CompiledNode node, StepRecord step) => new(WalkStart.Retry, node, step);
}
