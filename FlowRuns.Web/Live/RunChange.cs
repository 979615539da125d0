namespace FlowRuns.Web.Live;

/// <summary>
/// What the hub sends (<c>RunChanged</c>, <c>StepChanged</c>, <c>EventAdded</c>): one committed change of a run.
/// <see cref="Sequence"/> is the run's change counter; a client that sees it jump re-reads the run.
/// </summary>
public sealed record RunChange(
    string Kind,
    string RunId,
    string FlowKey,
    int Sequence,
    DateTimeOffset At,
    string? Status,
    string? NodeId,
    int? StepSequence,
    string? Port,
    string? ErrorCode,
    string? EventName);
