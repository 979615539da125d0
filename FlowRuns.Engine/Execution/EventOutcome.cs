namespace FlowRuns.Engine.Execution;

/// <summary>What one contact event did: the runs it started and resumed, and any it could not start, with why.</summary>
public sealed record EventOutcome(IReadOnlyList<string> Started, IReadOnlyList<string> Resumed, IReadOnlyList<EventFailure> Failures);

/// <summary>A run an event could not start or resume.</summary>
public sealed record EventFailure(string ContactId, string? Flow, string Message);
