using FlowRuns.Bench;

// One command per benchmark; each prints its figures (medians over several trials) and writes nothing into the repo.
var commands = new Dictionary<string, Func<string[], Task>>
{
    ["engine-throughput"] = EngineThroughputBench.RunAsync,
    ["storage"] = StorageBench.RunAsync,
    ["run-list"] = RunListBench.RunAsync,
    ["memory"] = MemoryBench.RunAsync,
    ["fanout"] = FanoutBench.RunAsync,
    ["timers"] = TimersBench.RunAsync,
    ["run-page"] = RunPageBench.RunAsync,
    ["canvas"] = CanvasBench.RunAsync,
    ["editor"] = EditorBench.RunAsync,
    ["failures"] = FailuresBench.RunAsync,
    ["compare"] = CompareBench.RunAsync,
    ["live-latency"] = LiveLatencyBench.RunAsync,
    ["runs-page"] = RunsPageBench.RunAsync,
    ["overview"] = OverviewBench.RunAsync,
    ["paths"] = PathsBench.RunAsync,
    ["layout"] = LayoutBench.RunAsync,
    ["hub-watches"] = HubWatchesBench.RunAsync,
    ["retention"] = RetentionBench.RunAsync,
    ["cluster-throughput"] = ClusterThroughputBench.RunAsync,
    ["page-idle"] = PageIdleBench.RunAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.WriteLine("usage: dotnet run -c Release --project FlowRuns.Bench -- <benchmark> [options]");
    Console.WriteLine("benchmarks: " + string.Join(", ", commands.Keys));
    return 2;
}
Console.WriteLine($"# {args[0]} · {Environment.ProcessorCount} cores · .NET {Environment.Version} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
await command(args[1..]);
return 0;
