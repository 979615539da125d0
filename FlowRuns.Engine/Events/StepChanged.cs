using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Events;

/// <summary>A step was recorded or changed (started, completed, failed, waiting…).</summary>
public sealed record StepChanged(
    Guid RunId, string FlowKey, int Sequence, DateTimeOffset At,
    int StepSequence, string NodeId, StepStatus Status, string? Port, string? ErrorCode, int WarningCount)
    : RunStreamEvent(RunId, FlowKey, Sequence, At);
