using System.Diagnostics;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;

namespace FlowRuns.Bench;

/// <summary>
/// layout: the graph layout of made-up flows (50, 200 and 1,000 nodes at 1.5 edges per node, and the review's dense
/// 100 nodes × 601 edges): wall time to a laid-out graph and process CPU used, which layout was taken, medians over
/// --trials (default 3). --legacy lays out with no limits (the layered layout whatever the size, no budget) for the
/// before figures; it is skipped above 200 nodes or 601 edges… unless --all, since it can take minutes.
/// </summary>
internal static class LayoutBench
{
    public static Task RunAsync(string[] args)
    {
        var trials = BenchArgs.Int(args, "trials", 3);
        var legacy = args.Contains("--legacy");
        var cases = new (int Nodes, int Edges)[] { (50, 75), (200, 300), (1000, 1500), (100, 601) };
        var options = legacy
            ? new LayoutOptions { Budget = TimeSpan.FromHours(1), MaxLayeredNodes = int.MaxValue, MaxLayeredEdges = int.MaxValue }
            : new LayoutOptions();
        foreach (var (nodes, edges) in cases)
        {
            if (legacy && !args.Contains("--all") && (nodes > 200 || edges > 300))
            {
                Console.WriteLine($"layout {nodes} nodes × {edges} edges: skipped with --legacy (pass --all to wait for it)");
                continue;
            }
            var definition = SyntheticFlows.Graph(nodes, edges);
            var walls = new List<double>();
            var cpus = new List<double>();
            string? notice = null;
            for (var trial = 0; trial < trials; trial++)
            {
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var graph = GraphLayoutCache.Layout(definition, options, null);
                walls.Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpus.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                notice = graph.Notice;
            }
            var how = notice is null ? "layered" : notice.Contains("longer than") ? "quick (over budget)" : "quick (over size)";
            Console.WriteLine($"layout {nodes} nodes × {definition.Edges.Count} edges: median {Stats.Median(walls):F0} ms wall, {Stats.Median(cpus):F0} ms CPU — {how} ({trials} trials)");
        }
        return Task.CompletedTask;
    }
}
