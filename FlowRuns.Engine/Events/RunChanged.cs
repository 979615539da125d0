using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Events;

/// <summary>The run's status or position changed.</summary>
public sealed record RunChanged(Guid RunId, string FlowKey, int Sequence, DateTimeOffset At, RunStatus Status, string? CurrentNodeId, string? ErrorCode)
    : RunStreamEvent(RunId, FlowKey, Sequence, At);
