using Microsoft.AspNetCore.SignalR.Client;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// live-latency: --pages Chromium pages (default 20) each watch their own waiting run while the engine runs --load steps/s
/// (default 500) of other runs in the background. Each round resumes all the watched runs; for each, the time from the engine's end of
/// the run (stamped just before its commit) to the moment the page's DOM shows it (a MutationObserver the benchmark adds
/// records Date.now()). --rounds (default 5); --stagger ms between the customers' events (default 100; 0 = all at once).
/// --load background steps/s (default 500); --warmup rounds left out of the totals (default 0).
/// --nodes 2: across nodes — two app processes on one PostgreSQL database (a throwaway local server, durable defaults)
/// and one Redis; the pages are served by node A, the customers' events go to node B, which resumes and walks the runs
/// (the background load goes to both), so every change reaches the browser through the Redis backplane.
/// </summary>
internal static class LiveLatencyBench
{
    public static async Task RunAsync(string[] args)
    {
        var pageCount = BenchArgs.Int(args, "pages", 20);
        var rounds = BenchArgs.Int(args, "rounds", 5);
        var stagger = BenchArgs.Int(args, "stagger", 100);
        var stepsPerSecond = BenchArgs.Int(args, "load", 500);
        // --warmup rounds first, measured and printed but left out of the totals (default 0: every round counts).
        var warmup = BenchArgs.Int(args, "warmup", 0);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-live-{Guid.NewGuid():N}.db");
        var nodeCount = BenchArgs.Int(args, "nodes", 1);
        await using var postgres = nodeCount > 1 ? await PostgresServer.StartAsync(durable: true) : null;
        await using var redis = nodeCount > 1 ? await RedisServer.StartAsync() : null;
        string[] settings = BenchArgs.Unthrottled;
        if (postgres is not null)
        {
            var connection = await postgres.CreateEmptyDatabaseAsync("bench_live");
            settings = [.. settings, "--FlowRuns:Database:Provider=Postgres", $"--FlowRuns:Database:ConnectionString={connection}", $"--FlowRuns:Redis={redis!.ConnectionString}"];
            var (exitCode, output) = await AppProcess.RunCommandAsync("migrate", settings, "Release");
            if (exitCode != 0) throw new InvalidOperationException(output);
        }
        try
        {
            await using var app = await AppProcess.StartAsync(path, 5074, seedDemo: false, settings: settings, configuration: "Release");
            // Across nodes, B walks what the customers do; on one node, the same process does.
            await using var walkerProcess = nodeCount > 1 ? await AppProcess.StartAsync(path, 5075, seedDemo: false, settings: settings, configuration: "Release") : null;
            var walker = walkerProcess ?? app;
            (await app.Http.PostAsync("/api/flows", new StringContent(BenchEngine.SixStepFlow, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await app.Http.PostAsJsonAsync("/api/flows", BenchEngine.WaitingFlow("live", "Live"))).EnsureSuccessStatusCode();
            for (var i = 0; i < 100; i++)
                (await app.Http.PutAsJsonAsync($"/api/contacts/b-{i}", new { name = $"B{i}", attributes = new { firstName = $"B{i}", balance = 5000, customerSegment = "premium" } })).EnsureSuccessStatusCode();
            for (var i = 0; i < pageCount; i++)
                (await app.Http.PutAsJsonAsync($"/api/contacts/l-{i}", new { name = $"L{i}" })).EnsureSuccessStatusCode();

            using var stopLoad = new CancellationTokenSource();
            var stepsStarted = 0;
            var load = Task.Run(async () =>
            {
                // --load steps/s (500: the six-step flow 83.3 times a second), catching up each tick on what the clock asks for.
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var n = 0;
                while (await timer.WaitForNextTickAsync(stopLoad.Token).ConfigureAwait(false))
                {
                    while (n < clock.Elapsed.TotalSeconds * stepsPerSecond / 6)
                    {
                        _ = (n % 2 == 0 ? app : walker).Http.PostAsJsonAsync($"/api/flows/{BenchEngine.FlowKey}/runs", new { contactId = $"b-{n++ % 100}" });
                        Interlocked.Add(ref stepsStarted, 6);
                    }
                }
            });

            // Beside the browsers, a plain hub client on the pages' node watches the same runs: commit → hub message, the
            // server's share of the latency (the rest is the circuit's render and the browser).
            var hubSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
            await using var hub = new HubConnectionBuilder()
                .WithUrl(app.BaseUrl + "/hubs/runs", options => options.AccessTokenProvider = () => Task.FromResult<string?>(AppProcess.OwnerKey)).Build();
            hub.On<FlowRuns.Web.Live.RunChange>("RunChanged", change =>
            {
                if (change.Status == "Completed") hubSeen.TryAdd(change.RunId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            });
            await hub.StartAsync();
            await hub.InvokeAsync("WatchFlow", "live");
            // Across nodes, one more plain hub client on the walking node B: commit → B's own hub is the walk's side
            // (commit, the engine's stream, the relay); the rest of commit → A's hub client is Redis and node A.
            var walkerSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
            await using var walkerHub = walkerProcess is null ? null : new HubConnectionBuilder()
                .WithUrl(walkerProcess.BaseUrl + "/hubs/runs", options => options.AccessTokenProvider = () => Task.FromResult<string?>(AppProcess.OwnerKey)).Build();
            if (walkerHub is not null)
            {
                walkerHub.On<FlowRuns.Web.Live.RunChange>("RunChanged", change =>
                {
                    if (change.Status == "Completed") walkerSeen.TryAdd(change.RunId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                });
                await walkerHub.StartAsync();
                await walkerHub.InvokeAsync("WatchFlow", "live");
            }
            var walkerSamples = new List<double>();
            var hubSamples = new List<double>();
            var circuitSamples = new List<double>(); // commit → the circuit's repaint (the hub, its client in the circuit, the re-read)

            var (playwright, browser) = await BenchBrowser.LaunchAsync();
            var samples = new List<double>();
            var loadWatch = System.Diagnostics.Stopwatch.StartNew();
            await using (browser)
            using (playwright)
            {
                var pages = new List<Microsoft.Playwright.IPage>();
                var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
                for (var i = 0; i < pageCount; i++) pages.Add(await context.NewPageAsync());
                for (var round = 0; round < warmup + rounds; round++)
                {
                    var runs = new List<string>();
                    for (var i = 0; i < pageCount; i++)
                    {
                        var started = await (await app.Http.PostAsJsonAsync("/api/flows/live/runs", new { contactId = $"l-{i}" })).Content.ReadFromJsonAsync<JsonObject>();
                        runs.Add(started!["id"]!.GetValue<string>());
                    }
                    await Task.WhenAll(pages.Select(async (page, i) =>
                    {
                        await page.GotoAsync($"{app.BaseUrl}/runs/{runs[i]}");
                        try
                        {
                            await page.Locator("[data-live=on]").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                        }
                        catch (TimeoutException)
                        {
                            var shot = Path.Combine(Path.GetTempPath(), $"live-latency-not-live-{i}.png");
                            await page.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = shot });
                            throw new InvalidOperationException($"Page {i} ({page.Url}) never went live; screenshot {shot}");
                        }
                        // The graph on screen too (drawn once the canvas is measured): a change to a graph not yet drawn
                        // would measure the first paint, not the live update…
                        await page.Locator(".flow-canvas[data-ready=yes] .flow-node[data-node-id='end']").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                        // …and its step list (drawn after the graph): the whole page is on screen before customers act.
                        await page.Locator(".step-timeline").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                        await page.EvaluateAsync(@"() => {
                            const el = document.querySelector('.run-layout');
                            new MutationObserver(() => { if (document.querySelector("".flow-node[data-node-id='end'][data-status='Completed']"") && !el.dataset.domPaintedAt) { el.dataset.domPaintedAt = String(Date.now()); el.dataset.circuitPaintedAt = el.dataset.paintedAt; } })
                              .observe(el, { attributes: true, subtree: true, attributeFilter: ['data-status', 'data-painted-sequence'] });
                        }");
                    }));
                    // Customers act one after another (--stagger ms apart; 0 sends all 20 events at the same instant).
                    var posts = new List<Task>();
                    for (var i = 0; i < runs.Count; i++)
                    {
                        posts.Add(walker.Http.PostAsJsonAsync("/api/events", new { contactId = $"l-{i}", name = "go", properties = new { runId = runs[i] } }));
                        if (stagger > 0) await Task.Delay(stagger);
                    }
                    await Task.WhenAll(posts);
                    for (var i = 0; i < pageCount; i++)
                    {
                        await pages[i].Locator(".run-layout[data-dom-painted-at]").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                        var painted = long.Parse((await pages[i].Locator(".run-layout").GetAttributeAsync("data-dom-painted-at"))!);
                        var ended = (await app.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{runs[i]}"))!["endedAt"]!.GetValue<DateTimeOffset>();
                        samples.Add(painted - ended.ToUnixTimeMilliseconds());
                        var repainted = long.Parse((await pages[i].Locator(".run-layout").GetAttributeAsync("data-circuit-painted-at"))!);
                        circuitSamples.Add(repainted - ended.ToUnixTimeMilliseconds());
                        if (hubSeen.TryGetValue(runs[i], out var heard)) hubSamples.Add(heard - ended.ToUnixTimeMilliseconds());
                        if (walkerSeen.TryGetValue(runs[i], out var heardOnB)) walkerSamples.Add(heardOnB - ended.ToUnixTimeMilliseconds());
                    }
                    if (round < warmup)
                    {
                        Console.WriteLine($"  warm-up round {round + 1}: commit → DOM p50 {Stats.Percentile(samples, 50):F0} ms, max {samples.Max():F0} ms (not counted)");
                        samples.Clear();
                        hubSamples.Clear();
                        circuitSamples.Clear();
                        walkerSamples.Clear();
                        continue;
                    }
                    Console.WriteLine($"  round {round + 1 - warmup} ({DateTime.UtcNow:HH:mm:ss}): {pageCount} pages, commit → DOM p50 {Stats.Percentile(samples.TakeLast(pageCount), 50):F0} ms, max {samples.TakeLast(pageCount).Max():F0} ms; " +
                                      $"commit → hub client p50 {Stats.Percentile(hubSamples.TakeLast(pageCount), 50):F0} ms, max {hubSamples.TakeLast(pageCount).DefaultIfEmpty().Max():F0} ms; " +
                                      $"commit → circuit repaint p50 {Stats.Percentile(circuitSamples.TakeLast(pageCount), 50):F0} ms, max {circuitSamples.TakeLast(pageCount).Max():F0} ms" +
                                      (walkerSamples.Count > 0 ? $"; commit → B's hub client max {walkerSamples.TakeLast(pageCount).Max():F0} ms" : ""));
                }
            }
            await stopLoad.CancelAsync();
            try { await load; } catch (OperationCanceledException) { }
            Console.WriteLine($"live-latency ({(nodeCount > 1 ? "across 2 nodes on PostgreSQL, pages on A, walks on B" : "one node")}; events {stagger} ms apart): {pageCount} pages watching, background {stepsStarted / loadWatch.Elapsed.TotalSeconds:F0} steps/s started: engine commit → browser DOM p50 {Stats.Percentile(samples, 50):F0} ms, p99 {Stats.Percentile(samples, 99):F0} ms ({samples.Count} samples); " +
                              $"commit → hub client p50 {Stats.Percentile(hubSamples, 50):F0} ms, p99 {Stats.Percentile(hubSamples, 99):F0} ms ({hubSamples.Count}); " +
                              $"commit → circuit repaint p50 {Stats.Percentile(circuitSamples, 50):F0} ms, p99 {Stats.Percentile(circuitSamples, 99):F0} ms" +
                              (walkerSamples.Count > 0 ? $"; commit → a hub client on the walking node B p50 {Stats.Percentile(walkerSamples, 50):F0} ms, p99 {Stats.Percentile(walkerSamples, 99):F0} ms ({walkerSamples.Count})" : ""));
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }
}
