using System.Diagnostics.Metrics;

namespace FlowRuns.Engine.Diagnostics;

/// <summary>
/// The engine's own measurements, published on the <see cref="MeterName"/> meter (read them live with
/// <c>dotnet-counters monitor -n FlowRuns.Web --counters FlowRuns.Engine</c>): how long a write waits for the run writer,
/// and how long the writer's transactions take. The time from a step's end to a watcher's screen starts with these two.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "FlowRuns.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>From a write's arrival at the run writer to the start of the transaction that applies it.</summary>
    public static readonly Histogram<double> WriterQueueWait = Meter.CreateHistogram<double>(
        "flowruns.writer.queue_wait", "ms", "Time a write waited for the run writer before its transaction began");

    /// <summary>One transaction of the run writer, first statement to commit (retries included).</summary>
    public static readonly Histogram<double> WriterTransaction = Meter.CreateHistogram<double>(
        "flowruns.writer.transaction", "ms", "Time the run writer spent applying and committing one batch");

    /// <summary>Writes per transaction (group commit).</summary>
    public static readonly Histogram<int> WriterBatchSize = Meter.CreateHistogram<int>(
        "flowruns.writer.batch_size", "{write}", "Writes committed together in one transaction");
}
