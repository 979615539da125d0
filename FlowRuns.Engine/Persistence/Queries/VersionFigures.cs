namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// One version of a flow in figures: when published, how many runs it has (every run, still going or ended), how its
/// ended runs ended (test runs left out), and how long its ended runs took — median and p95 over its latest
/// <see cref="FlowStatsQueries.DurationSample"/> ended runs (<see cref="DurationRuns"/> says over how many).
/// </summary>
public sealed record VersionFigures(
    int Version,
    string? Name,
    DateTimeOffset PublishedAt,
    long Runs,
    long Ended,
    long Completed,
    long Failed,
    long Cancelled,
    double? MedianMs,
    double? P95Ms,
    int DurationRuns)
{
    /// <summary>The change note its author published it with; null when none.</summary>
    public string? Note { get; init; }

    /// <summary>Failed among the ended runs (0–1); null before any ended.</summary>
    public double? FailureRate => Ended == 0 ? null : (double)Failed / Ended;
}
