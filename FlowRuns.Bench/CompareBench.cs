using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// compare: the server's full render of <c>/runs/{a}/compare/{b}</c> (the prerendered page: both graphs painted, the
/// divergence, the step table) for two 211-step runs of the 60-node flow that part at their last round.
/// --requests per trial (default 30), --trials (default 5).
/// </summary>
internal static class CompareBench
{
    public static async Task RunAsync(string[] args)
    {
        var requests = BenchArgs.Int(args, "requests", 30);
        var trials = BenchArgs.Int(args, "trials", 5);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-compare-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(path, 5076, seedDemo: false, configuration: "Release");
            (await app.Http.PostAsJsonAsync("/api/flows", RunPageBench.SixtyNodeFlow())).EnsureSuccessStatusCode();
            (await app.Http.PutAsJsonAsync("/api/contacts/p-1", new { name = "Page", attributes = new { firstName = "P" } })).EnsureSuccessStatusCode();
            async Task<string> StartAsync(int i) => (await (await app.Http.PostAsJsonAsync("/api/flows/sixty/runs", new { contactId = "p-1", data = new { i } })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            var (a, b) = (await StartAsync(0), await StartAsync(1));
            foreach (var id in new[] { a, b })
                Console.WriteLine($"  run {id}: {(await app.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["steps"]!.AsArray().Count} steps");
            var url = $"/runs/{a}/compare/{b}";
            for (var i = 0; i < 10; i++) await app.Http.GetStringAsync(url);
            var medians = new List<double>();
            var p95s = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                var samples = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var html = await app.Http.GetStringAsync(url);
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    if (!html.Contains("data-field=\"divergence\"")) throw new InvalidOperationException("The page did not render the comparison.");
                }
                medians.Add(Stats.Median(samples));
                p95s.Add(Stats.Percentile(samples, 95));
            }
            Console.WriteLine($"compare: full server render of {url[..20]}… (two ~200-step runs, 60 nodes): median {Stats.Median(medians):F1} ms, p95 {Stats.Median(p95s):F1} ms ({trials} trials × {requests} requests)");
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }
}
