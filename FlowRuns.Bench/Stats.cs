namespace FlowRuns.Bench;

/// <summary>Medians and percentiles of measured samples.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> samples) => Percentile(samples, 50);

    public static double Percentile(IEnumerable<double> samples, double percent)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
