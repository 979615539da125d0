namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>Nearest-rank percentiles of durations, for figures computed over a bounded sample of runs.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile (<paramref name="share"/> 0–1) of sorted values; null when there are none.</summary>
    public static double? Of(IReadOnlyList<double> sorted, double share) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
}
