using System.Diagnostics;

namespace FlowRuns.Bench;

/// <summary>
/// engine-throughput: runs/s and steps/s of the six-step flow, every step persisted to a SQLite file (or, with
/// <c>--store postgres</c>, to a PostgreSQL database on a throwaway local server with its durable defaults: fsync and
/// synchronous commit on), at 1 and 8 concurrent starters, and the process's CPU time per run (all threads: walk, writer,
/// checkpointer, GC — not the PostgreSQL server's). Options: --runs N (per trial, default 5000), --trials N (default 5).
/// </summary>
internal static class EngineThroughputBench
{
    private const int StepsPerRun = 6;

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 5000);
        var trials = BenchArgs.Int(args, "trials", 5);
        await using var postgres = BenchArgs.Text(args, "store") == "postgres" ? await FlowRuns.Tests.Support.PostgresServer.StartAsync(durable: true) : null;
        Console.WriteLine($"store: {(postgres is null ? "SQLite file (WAL, synchronous=NORMAL)" : "PostgreSQL (local, fsync on, synchronous_commit on)")}");
        foreach (var starters in new[] { 1, 8 })
        {
            var rates = new List<double>();
            var cpu = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                await using var bench = await BenchEngine.StartAsync(postgres: postgres);
                for (var i = 0; i < 200; i++) await bench.RunOnceAsync(i); // warm-up
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var rate = await MeasureAsync(bench, runs, starters);
                var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
                rates.Add(rate);
                cpu.Add(cpuPerRun);
                Console.WriteLine($"  trial {trial + 1}: {starters} starter(s), {runs} runs: {rate:F0} runs/s, CPU {cpuPerRun:F3} ms per run");
            }
            var median = Stats.Median(rates);
            Console.WriteLine($"engine-throughput starters={starters}: median {median:F0} runs/s, {median * StepsPerRun:F0} steps/s (min {rates.Min():F0}, max {rates.Max():F0}, {trials} trials); CPU median {Stats.Median(cpu):F3} ms per run");
        }
    }

    public static async Task<double> MeasureAsync(BenchEngine bench, int runs, int starters)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, starters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < runs) await bench.RunOnceAsync(i);
        })));
        return runs / watch.Elapsed.TotalSeconds;
    }
}
