namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A flow's Overview figures (test runs excluded): totals, the slowest steps and one entry per day of the window.</summary>
public sealed record FlowOverview(
    string FlowKey,
    long TotalRuns,
    long Completed,
    long Failed,
    long Cancelled,
    DateTimeOffset? LastRunAt,
    double? AverageDurationMs,
    IReadOnlyList<NodeTiming> SlowestSteps,
    IReadOnlyList<DayOutcome> Days)
{
    /// <summary>Completed out of the runs that ended; null when none ended.</summary>
    public double? SuccessRate => Completed + Failed + Cancelled is var ended && ended > 0 ? (double)Completed / ended : null;
}

/// <summary>How long steps on one node took.</summary>
public sealed record NodeTiming(string NodeId, long Steps, double AverageMs, double MaxMs);

/// <summary>Runs that started on one UTC day and how they ended.</summary>
public sealed record DayOutcome(DateOnly Day, long Started, long Completed, long Failed, long Cancelled);
