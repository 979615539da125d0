using System.Diagnostics;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// failures: <c>GET /api/failures</c> over the 1,000,000-run store (runs of the four demo flows over 30 days, 10 % failed):
/// the workspace's groups and one flow's, for the last 30 days. --requests per trial (default 20), --trials (default 5).
/// </summary>
internal static class FailuresBench
{
    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 1_000_000);
        var requests = BenchArgs.Int(args, "requests", 20);
        var trials = BenchArgs.Int(args, "trials", 5);
        var path = await RunListBench.EnsureSeededAsync(runs);
        await using var app = await AppProcess.StartAsync(path, 5075, seedDemo: false, configuration: "Release");
        foreach (var (name, url) in new[] { ("workspace, 30 days", "/api/failures?range=30d"), ("one flow, 30 days", "/api/failures?flow=loan-approval&range=30d") })
        {
            var body = await app.Http.GetStringAsync(url);
            var groups = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
            var failed = groups.Sum(g => g!["count"]!.GetValue<int>());
            for (var i = 0; i < 3; i++) (await app.Http.GetAsync(url)).EnsureSuccessStatusCode();
            var p50s = new List<double>();
            var p95s = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                var samples = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await app.Http.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    response.EnsureSuccessStatusCode();
                }
                p50s.Add(Stats.Percentile(samples, 50));
                p95s.Add(Stats.Percentile(samples, 95));
            }
            Console.WriteLine($"failures {name}: {groups.Count} groups of {failed:N0} failed runs; p50 {Stats.Median(p50s):F1} ms, p95 {Stats.Median(p95s):F1} ms (medians of {trials} trials × {requests} requests)");
        }
    }
}
