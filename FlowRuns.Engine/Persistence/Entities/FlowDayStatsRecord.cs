namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// One flow's runs that started on one UTC day (test runs excluded): how many started, and how many of them ended
/// completed, failed or cancelled, with their total duration. Kept by SQLite triggers on <c>Runs</c> in the same
/// transaction as the run write, so an Overview reads 30 rows instead of scanning a million runs.
/// </summary>
public sealed class FlowDayStatsRecord
{
    public int FlowId { get; set; }
    /// <summary>Days since 0001-01-01 (UTC ticks / ticks per day).</summary>
    public int Day { get; set; }
    public long Started { get; set; }
    public long Completed { get; set; }
    public long Failed { get; set; }
    public long Cancelled { get; set; }
    /// <summary>Total duration of the ended runs, in milliseconds.</summary>
    public double EndedDurationMs { get; set; }
}
