namespace FlowRuns.Engine.Execution;

/// <summary>
/// What one accepted contact event did: the runs it started, the runs that took it now (resumed), the runs that hold it
/// in their inbox until they next suspend (queued), the runs it was filed on without being awaited, and any run it could
/// not start, with why. Everything listed is committed.
/// </summary>
public sealed record EventOutcome(IReadOnlyList<string> Started, IReadOnlyList<string> Resumed, IReadOnlyList<EventFailure> Failures)
{
    /// <summary>The accepted event's id.</summary>
    public string? EventId { get; init; }

    public IReadOnlyList<string> Queued { get; init; } = [];

    public IReadOnlyList<string> Filed { get; init; } = [];
}

/// <summary>A run an event could not start or resume.</summary>
public sealed record EventFailure(string ContactId, string? Flow, string Message);
