using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// run-page: server time to the first answer of <c>/runs/{id}</c> (the prerendered shell: the run exists, a loading bar —
/// the circuit draws the run, see DECISIONS.md) for a ≈200-step run on a 60-node flow, and the app's memory per open
/// interactive run page
/// (RSS growth with --pages Chromium pages open, default 20). --requests per trial (default 50), --trials (default 5).
/// </summary>
internal static class RunPageBench
{
    public static async Task RunAsync(string[] args)
    {
        var requests = BenchArgs.Int(args, "requests", 50);
        var trials = BenchArgs.Int(args, "trials", 5);
        var pages = BenchArgs.Int(args, "pages", 20);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-runpage-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(path, 5073, seedDemo: false, configuration: "Release");
            (await app.Http.PostAsJsonAsync("/api/flows", SixtyNodeFlow())).EnsureSuccessStatusCode();
            (await app.Http.PutAsJsonAsync("/api/contacts/p-1", new { name = "Page", attributes = new { firstName = "P" } })).EnsureSuccessStatusCode();
            var started = await (await app.Http.PostAsJsonAsync("/api/flows/sixty/runs", new { contactId = "p-1", data = new { i = 0 } })).Content.ReadFromJsonAsync<JsonObject>();
            var id = started!["id"]!.GetValue<string>();
            var run = (await app.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
            Console.WriteLine($"  run {id}: {run["steps"]!.AsArray().Count} steps on a 60-node flow, {run["status"]}");

            for (var i = 0; i < 10; i++) await app.Http.GetStringAsync($"/runs/{id}");
            var medians = new List<double>();
            var p95s = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                var samples = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var html = await app.Http.GetStringAsync($"/runs/{id}");
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    if (!html.Contains("mud-progress-linear") || html.Contains("data-step=")) throw new InvalidOperationException("The first answer was not the run page's loading shell.");
                }
                medians.Add(Stats.Median(samples));
                p95s.Add(Stats.Percentile(samples, 95));
            }
            Console.WriteLine($"run-page: first answer of /runs/{{id}} (the shell; 211 steps, 60 nodes): median {Stats.Median(medians):F1} ms, p95 {Stats.Median(p95s):F1} ms ({trials} trials × {requests} requests)");

            var (playwright, browser) = await BenchBrowser.LaunchAsync();
            await using (browser)
            using (playwright)
            {
                var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
                var before = await SettledRssAsync(app);
                var open = new List<Microsoft.Playwright.IPage>();
                for (var i = 0; i < pages; i++) open.Add(await BenchBrowser.OpenAsync(context, $"{app.BaseUrl}/runs/{id}"));
                var after = await SettledRssAsync(app);
                Console.WriteLine($"run-page memory: app RSS {before:F0} MiB → {after:F0} MiB with {pages} interactive run pages open = {(after - before) / pages:F1} MiB per open run page");
            }
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }

    /// <summary>The app's RSS once it stops moving: two samples 250 ms apart within 1 MiB (at most 10 s).</summary>
    private static async Task<double> SettledRssAsync(AppProcess app)
    {
        var last = app.RssMiB();
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(250);
            var now = app.RssMiB();
            if (Math.Abs(now - last) < 1) return now;
            last = now;
        }
        return last;
    }

    /// <summary>60 nodes: a 50-node loop taken four times, then an 8-node tail: 211 steps.</summary>
    public static JsonObject SixtyNodeFlow()
    {
        var nodes = new JsonArray
        {
            new JsonObject { ["id"] = "start", ["type"] = "trigger", ["label"] = "Start" },
            new JsonObject { ["id"] = "c0", ["type"] = "condition", ["label"] = "Another round?", ["expression"] = "%{i} < 4" },
        };
        var edges = new JsonArray { Edge("start", "c0"), Edge("c0", "s1", "true"), Edge("c0", "t1", "false") };
        for (var s = 1; s <= 48; s++)
        {
            nodes.Add(new JsonObject { ["id"] = $"s{s}", ["type"] = "set", ["label"] = $"Step {s}", ["assign"] = new JsonObject { [$"v{s}"] = "%{i} + " + s } });
            edges.Add(Edge($"s{s}", s == 48 ? "inc" : $"s{s + 1}"));
        }
        nodes.Add(new JsonObject { ["id"] = "inc", ["type"] = "set", ["label"] = "Next round", ["assign"] = new JsonObject { ["i"] = "%{i} + 1" } });
        edges.Add(Edge("inc", "c0"));
        for (var t = 1; t <= 8; t++)
        {
            nodes.Add(new JsonObject { ["id"] = $"t{t}", ["type"] = "set", ["label"] = $"Tail {t}", ["assign"] = new JsonObject { [$"w{t}"] = "true" } });
            edges.Add(Edge($"t{t}", t == 8 ? "end" : $"t{t + 1}"));
        }
        nodes.Add(new JsonObject { ["id"] = "end", ["type"] = "end", ["label"] = "Done" });
        return new JsonObject { ["key"] = "sixty", ["name"] = "Sixty nodes", ["trigger"] = new JsonObject { ["type"] = "api" }, ["nodes"] = nodes, ["edges"] = edges };
    }

    private static JsonObject Edge(string from, string to, string? when = null)
    {
        var edge = new JsonObject { ["from"] = from, ["to"] = to };
        if (when is not null) edge["when"] = when;
        return edge;
    }
}
