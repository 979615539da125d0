namespace FlowRuns.Bench;

/// <summary>Medians and percentiles of measured samples.</summary>
internal static class Stats
{
    /// <summary>
    /// Times <paramref name="action"/> <paramref name="perTrial"/> times in each of <paramref name="trials"/> trials;
    /// returns the medians over the trials of each trial's p50 and p95, in milliseconds.
    /// </summary>
    public static async Task<(double P50, double P95)> LatencyAsync(int trials, int perTrial, Func<int, Task> action)
    {
        var p50s = new List<double>();
        var p95s = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var samples = new List<double>();
            for (var i = 0; i < perTrial; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await action(trial * perTrial + i);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
            p50s.Add(Percentile(samples, 50));
            p95s.Add(Percentile(samples, 95));
        }
        return (Median(p50s), Median(p95s));
    }

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
