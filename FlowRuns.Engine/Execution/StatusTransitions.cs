using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Every status a run or a step may move to, declared once. Each change of a run's or a step's status goes through
/// <see cref="Move(RunRecord, RunStatus)"/> or <see cref="Move(StepRecord, StepStatus)"/>; anything else is a bug and
/// throws <see cref="IllegalTransitionException"/>. Staying in a non-final status is allowed (a new step of a running run).
/// </summary>
public static class StatusTransitions
{
    public static readonly IReadOnlyDictionary<RunStatus, RunStatus[]> Run = new Dictionary<RunStatus, RunStatus[]>
    {
        [RunStatus.Pending] = [RunStatus.Running, RunStatus.Paused, RunStatus.Failed, RunStatus.Cancelled],
        [RunStatus.Running] = [RunStatus.Waiting, RunStatus.Paused, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled],
        [RunStatus.Waiting] = [RunStatus.Running, RunStatus.Paused, RunStatus.Failed, RunStatus.Cancelled],
        [RunStatus.Paused] = [RunStatus.Running, RunStatus.Waiting, RunStatus.Cancelled],
        [RunStatus.Completed] = [],
        [RunStatus.Failed] = [],
        [RunStatus.Cancelled] = [],
    };

    public static readonly IReadOnlyDictionary<StepStatus, StepStatus[]> Step = new Dictionary<StepStatus, StepStatus[]>
    {
        [StepStatus.Pending] = [StepStatus.Running, StepStatus.Skipped, StepStatus.Cancelled],
        [StepStatus.Running] = [StepStatus.Waiting, StepStatus.Completed, StepStatus.Failed, StepStatus.Skipped, StepStatus.Cancelled],
        [StepStatus.Waiting] = [StepStatus.Completed, StepStatus.Failed, StepStatus.Cancelled],
        [StepStatus.Completed] = [],
        [StepStatus.Failed] = [],
        [StepStatus.Skipped] = [],
        [StepStatus.Cancelled] = [],
    };

    public static bool IsFinal(RunStatus status) => Run[status].Length == 0;

    public static bool Allows(RunStatus from, RunStatus to) => (from == to && !IsFinal(from)) || Run[from].Contains(to);

    public static bool Allows(StepStatus from, StepStatus to) => (from == to && Step[from].Length > 0) || Step[from].Contains(to);

    /// <summary>Moves the run to <paramref name="to"/>, or throws when the table does not allow it.</summary>
    public static void Move(RunRecord run, RunStatus to)
    {
        if (!Allows(run.Status, to)) throw new IllegalTransitionException($"Run {run.Id:N} cannot go from {run.Status} to {to}.");
        run.Status = to;
    }

    /// <summary>Moves the step to <paramref name="to"/>, or throws when the table does not allow it.</summary>
    public static void Move(StepRecord step, StepStatus to)
    {
        if (!Allows(step.Status, to)) throw new IllegalTransitionException($"Step {step.Sequence} ('{step.NodeId}') cannot go from {step.Status} to {to}.");
        step.Status = to;
    }
}

/// <summary>A status change the transition table does not allow: a bug in the engine, never a user's mistake.</summary>
public sealed class IllegalTransitionException(string message) : InvalidOperationException(message);
