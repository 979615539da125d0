using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Bench;

/// <summary>
/// canvas: the run graph on Blazor.Diagrams as Chromium sees it.
/// <list type="bullet">
/// <item>first paint: navigation → the fitted graph on screen (<c>.flow-canvas[data-ready=yes]</c> with the first view
/// applied, timed inside the page), for the 60-node flow with a 211-step run and a 200-node flow with its run;</item>
/// <item>pan/zoom: input → the new transform on the node layer (a MutationObserver in the page), for wheel zooms and drag
/// moves, on loopback and through <see cref="DelayProxy"/> adding 100 ms to every round trip.</item>
/// </list>
/// --trials (default 5) page loads per flow; --inputs (default 30) wheel zooms and drag moves per series.
/// </summary>
internal static class CanvasBench
{
    public static async Task RunAsync(string[] args)
    {
        var trials = BenchArgs.Int(args, "trials", 5);
        var inputs = BenchArgs.Int(args, "inputs", 30);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-canvas-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(path, 5074, seedDemo: false, configuration: "Release");
            (await app.Http.PutAsJsonAsync("/api/contacts/p-1", new { name = "Page", attributes = new { firstName = "P" } })).EnsureSuccessStatusCode();
            (await app.Http.PostAsJsonAsync("/api/flows", RunPageBench.SixtyNodeFlow())).EnsureSuccessStatusCode();
            (await app.Http.PostAsJsonAsync("/api/flows", TwoHundredNodeFlow())).EnsureSuccessStatusCode();
            var sixty = await StartAsync(app, "sixty", new { i = 0 });
            var twoHundred = await StartAsync(app, "two-hundred", new { v = 30 });

            var (playwright, browser) = await BenchBrowser.LaunchAsync();
            await using (browser)
            using (playwright)
            {
                var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
                foreach (var (name, id) in new[] { ("60 nodes, 211 steps", sixty), ("200 nodes", twoHundred) })
                {
                    for (var warm = 0; warm < 3; warm++) await FirstPaintAsync(context, app.BaseUrl, id); // warm-up: a server that has served the page before
                    var samples = new List<double>();
                    for (var trial = 0; trial < trials; trial++) samples.Add(await FirstPaintAsync(context, app.BaseUrl, id));
                    Console.WriteLine($"canvas first paint, {name}: median {Stats.Median(samples):F0} ms (min {samples.Min():F0}, max {samples.Max():F0}; {trials} loads)");
                }

                await PanZoomAsync(context, app.BaseUrl, sixty, inputs, "loopback");
                await using var proxy = DelayProxy.Start(new Uri(app.BaseUrl).Port, TimeSpan.FromMilliseconds(100));
                await PanZoomAsync(context, $"http://127.0.0.1:{proxy.Port}", sixty, inputs, "100 ms RTT");
            }
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }

    private static async Task<string> StartAsync(AppProcess app, string flow, object data)
    {
        var started = await (await app.Http.PostAsJsonAsync($"/api/flows/{flow}/runs", new { contactId = "p-1", data })).Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();
        var run = (await app.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
        Console.WriteLine($"  {flow}: run {id}, {run["steps"]!.AsArray().Count} steps, {run["status"]}");
        return id;
    }

    /// <summary>
    /// In the page, from its own clock (<c>performance.now()</c>, zero at navigation start): when the server's answer ended,
    /// when the page was interactive (the circuit rendered), and the first frame after the fitted graph's first node is
    /// in the DOM. Recorded by a MutationObserver installed before any of the page's scripts, so Playwright's own round
    /// trips are not in the figure.
    /// </summary>
    private const string PaintProbe = """
        (() => {
            const marks = window.__paint = {};
            const look = () => {
                if (marks.interactive === undefined && document.querySelector('[data-interactive=yes]')) marks.interactive = performance.now();
                if (marks.fitted === undefined && document.querySelector('.flow-canvas[data-ready=yes] .diagram-html-layer .flow-node')) {
                    marks.fitted = -1;
                    requestAnimationFrame(() => { marks.fitted = performance.now(); });
                }
            };
            new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
        })();
        """;

    /// <summary>Milliseconds from navigation to the fitted graph painted, as the page measured it.</summary>
    private static async Task<double> FirstPaintAsync(IBrowserContext context, string baseUrl, string runId)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.AddInitScriptAsync(PaintProbe);
            await page.GotoAsync($"{baseUrl}/runs/{runId}");
            await page.WaitForFunctionAsync("() => window.__paint && window.__paint.fitted > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            var marks = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
                () => {
                    const n = performance.getEntriesByType('navigation')[0];
                    return { response: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                             interactive: window.__paint.interactive, fitted: window.__paint.fitted };
                }
                """);
            double At(string name) => marks.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetDouble() : double.NaN;
            if (Environment.GetEnvironmentVariable("CANVAS_BREAKDOWN") is not null)
                Console.WriteLine($"    response {At("response"):F0} ms, DOM ready {At("domContentLoaded"):F0}, load {At("load"):F0}, interactive {At("interactive"):F0}, fitted {At("fitted"):F0}");
            return At("fitted");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Input → transform applied, for <paramref name="inputs"/> wheel zooms then as many drag moves, one at a time.</summary>
    private static async Task PanZoomAsync(IBrowserContext context, string baseUrl, string runId, int inputs, string link)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/runs/{runId}");
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.EvaluateAsync(@"() => {
            window.__latencies = [];
            let started = null;
            const layer = document.querySelector('.diagram-html-layer');
            new MutationObserver(() => { if (started !== null) { window.__latencies.push(performance.now() - started); started = null; } })
                .observe(layer, { attributes: true, attributeFilter: ['style'] });
            const canvas = document.querySelector('.diagram-canvas');
            canvas.addEventListener('wheel', () => { started = performance.now(); }, { capture: true });
            canvas.addEventListener('pointermove', e => { if (e.buttons) started = performance.now(); }, { capture: true });
        }");
        // A point of the canvas's background (drag there pans; on a node it would not).
        var point = await page.EvaluateAsync<double[]>(@"() => {
            const r = document.querySelector('.diagram-canvas').getBoundingClientRect();
            for (let py = r.top + 10; py < r.bottom; py += 17) for (let px = r.left + 10; px < r.right; px += 17) {
                const hit = document.elementFromPoint(px, py);
                if (hit && !hit.closest('.diagram-node') && !hit.closest('.diagram-link')) return [px, py];
            }
            return [r.left + 5, r.top + 5];
        }");
        var (x, y) = (point[0], point[1]);
        await page.Mouse.MoveAsync((float)x, (float)y);
        var wheel = new List<double>();
        for (var i = 0; i < inputs; i++)
        {
            await page.Mouse.WheelAsync(0, i % 2 == 0 ? -120 : 120);
            wheel.Add(await NextLatencyAsync(page, i + 1));
        }
        var drag = new List<double>();
        await page.Mouse.DownAsync();
        for (var i = 0; i < inputs; i++)
        {
            await page.Mouse.MoveAsync((float)(x + 6 * (i + 1)), (float)(y + 3 * (i + 1)));
            drag.Add(await NextLatencyAsync(page, inputs + i + 1));
        }
        await page.Mouse.UpAsync();
        Console.WriteLine($"canvas pan/zoom over {link}: wheel zoom → transform p50 {Stats.Percentile(wheel, 50):F1} ms, p95 {Stats.Percentile(wheel, 95):F1} ms; " +
                          $"drag move → transform p50 {Stats.Percentile(drag, 50):F1} ms, p95 {Stats.Percentile(drag, 95):F1} ms ({inputs} each)");
        await page.CloseAsync();
    }

    private static async Task<double> NextLatencyAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync("n => window.__latencies.length >= n", count, new PageWaitForFunctionOptions { Timeout = 10_000 });
        return await page.EvaluateAsync<double>("n => window.__latencies[n - 1]", count);
    }

    /// <summary>200 nodes: a trunk of 49 conditions, each with a three-step side branch that rejoins the trunk.</summary>
    internal static JsonObject TwoHundredNodeFlow()
    {
        var nodes = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "trigger", ["label"] = "Start" } };
        var edges = new JsonArray { new JsonObject { ["from"] = "start", ["to"] = "c0" } };
        for (var i = 0; i < 49; i++)
        {
            nodes.Add(new JsonObject { ["id"] = $"c{i}", ["type"] = "condition", ["label"] = $"Check {i}", ["expression"] = $"%{{v}} > {i}" });
            for (var j = 0; j < 3; j++)
                nodes.Add(new JsonObject { ["id"] = $"b{i}-{j}", ["type"] = "set", ["label"] = $"Branch {i}.{j}", ["assign"] = new JsonObject { [$"x{i}"] = $"{j}" } });
            var next = i == 48 ? "end" : $"c{i + 1}";
            edges.Add(new JsonObject { ["from"] = $"c{i}", ["to"] = $"b{i}-0", ["when"] = "true" });
            edges.Add(new JsonObject { ["from"] = $"c{i}", ["to"] = next, ["when"] = "false" });
            edges.Add(new JsonObject { ["from"] = $"b{i}-0", ["to"] = $"b{i}-1" });
            edges.Add(new JsonObject { ["from"] = $"b{i}-1", ["to"] = $"b{i}-2" });
            edges.Add(new JsonObject { ["from"] = $"b{i}-2", ["to"] = next });
        }
        nodes.Add(new JsonObject { ["id"] = "end", ["type"] = "end", ["label"] = "Done" });
        nodes.Add(new JsonObject { ["id"] = "unused-1", ["type"] = "end", ["label"] = "Unused" });
        nodes.Add(new JsonObject { ["id"] = "unused-2", ["type"] = "end", ["label"] = "Unused" });
        return new JsonObject { ["key"] = "two-hundred", ["name"] = "Two hundred nodes", ["trigger"] = new JsonObject { ["type"] = "api" }, ["nodes"] = nodes, ["edges"] = edges };
    }
}
