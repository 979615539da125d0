namespace FlowRuns.Engine.Events;

/// <summary>
/// A committed change of a run, raised after its commit. <see cref="Sequence"/> is the run's change counter:
/// a subscriber that sees it jump knows it missed something and re-reads the run.
/// </summary>
public abstract record RunStreamEvent(Guid RunId, string FlowKey, int Sequence, DateTimeOffset At);
