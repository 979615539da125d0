using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Where a walk starts: at <see cref="Node"/>, or — when <see cref="ResumeStep"/> is given — after that node's step,
/// which has just finished (a wait that woke, a subflow whose child ended) and left by the given port.
/// </summary>
internal sealed record CompiledNodeRef(CompiledNode Node, (StepRecord Step, string? Port, bool Failed)? ResumeStep = null);
