namespace FlowRuns.Engine.Events;

/// <summary>
/// An analytic event was attached to a run outside a walk (a contact viewed or dismissed a card of a finished run).
/// <see cref="RunStreamEvent.Sequence"/> is the run's sequence at that moment, unchanged.
/// </summary>
public sealed record RunEventAdded(Guid RunId, string FlowKey, int Sequence, DateTimeOffset At, string Name, int? StepSequence)
    : RunStreamEvent(RunId, FlowKey, Sequence, At);
