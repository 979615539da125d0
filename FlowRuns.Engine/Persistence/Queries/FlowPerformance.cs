namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// How a flow performs: its runs' p50/p95 duration per day over 30 days, its runs by hour of day (peak times), the steps
/// that got slower from one version to the next, and its queue right now.
/// </summary>
public sealed record FlowPerformance(
    IReadOnlyList<DayDurations> Days,
    IReadOnlyList<long> RunsByHourOfDay,
    RunQueue Queue,
    int? VersionBefore,
    int? VersionAfter,
    IReadOnlyList<StepTiming> Steps);

/// <summary>One UTC day: how many of its runs (by start) ended, and their median and p95 duration over up to <see cref="PerformanceQueries.DaySample"/> of them.</summary>
public sealed record DayDurations(DateOnly Day, int Ended, double? P50Ms, double? P95Ms);

/// <summary>A flow's runs that have not ended, by status, and the waiting ones by when they wake.</summary>
public sealed record RunQueue(long Pending, long Running, long Waiting, long Paused, long Overdue, long WakeWithinHour, long WakeWithinDay, long WakeLater, long WaitForEventOnly);

/// <summary>One node's average step time in two versions (over their latest ended runs); <see cref="Ratio"/> above 1 is slower.</summary>
public sealed record StepTiming(string NodeId, string Label, double BeforeMs, double AfterMs, int BeforeSteps, int AfterSteps)
{
    public double Ratio => BeforeMs <= 0 ? (AfterMs > 0 ? double.PositiveInfinity : 1) : AfterMs / BeforeMs;
}
