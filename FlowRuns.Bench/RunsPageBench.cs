using System.Diagnostics;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Bench;

/// <summary>
/// runs-page: with --runs runs stored (default 1,000,000), the run history filtered by status + flow + date
/// (<c>/runs?status=Failed&amp;flow=loan-approval&amp;range=7d</c>):
/// (1) the server's time to render the page (GET of the prerendered HTML), --requests per trial (default 50);
/// (2) in headless Chromium, the time from opening the page to its first rows, and for each further page while scrolling
/// — scroll the list down by one page (100 rows), time until the row at that position is drawn with its data (a SignalR
/// round trip, the keyset query when the page is not read ahead yet, the render), --pause ms of reading between pages (default 300; 0 flings through without waiting for the read-ahead) —
/// --pages per trial (default 20). --trials (default 5); medians of the per-trial p50 and p95.
/// </summary>
internal static class RunsPageBench
{
    private const int PageRows = 100;
    public const string FilteredUrl = "/runs?status=Failed&flow=loan-approval&range=7d";

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 1_000_000);
        var requests = BenchArgs.Int(args, "requests", 50);
        var pages = BenchArgs.Int(args, "pages", 20);
        var trials = BenchArgs.Int(args, "trials", 5);
        var pause = BenchArgs.Int(args, "pause", 300);
        var path = await RunListBench.EnsureSeededAsync(runs);
        await using var app = await AppProcess.StartAsync(path, 5075, seedDemo: false, configuration: "Release");

        for (var i = 0; i < 10; i++) await app.Http.GetStringAsync(FilteredUrl);
        var (renderP50, renderP95) = await Stats.LatencyAsync(trials, requests, async _ =>
        {
            var html = await app.Http.GetStringAsync(FilteredUrl);
            if (!html.Contains("data-field=\"filter-bar\"")) throw new InvalidOperationException("The page did not render its filter bar.");
        });
        Console.WriteLine($"runs-page server render ({FilteredUrl}): p50 {renderP50:F1} ms, p95 {renderP95:F1} ms ({trials} trials × {requests} requests)");

        var (playwright, browser) = await BenchBrowser.LaunchAsync();
        await using (browser)
        using (playwright)
        {
            var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
            var firstRows = new List<double>();
            var pageP50 = new List<double>();
            var pageP95 = new List<double>();
            var loaded = 0;
            var held = 0;
            for (var trial = 0; trial < trials; trial++)
            {
                var page = await context.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(app.BaseUrl + FilteredUrl);
                // The prerendered page shows rows before the circuit is up; time to rows the user can scroll.
                await page.Locator("[data-interactive=yes] tr.run-row[data-run-id]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                firstRows.Add(watch.Elapsed.TotalMilliseconds);
                var table = page.Locator("[data-field=run-table]");
                var rowHeight = await page.EvaluateAsync<double>("() => document.querySelector('tr.run-row[data-index]').getBoundingClientRect().height");
                var samples = new List<double>();
                for (var p = 1; p <= pages; p++)
                {
                    // A page further down (100 rows): scroll there, time until that row is drawn with its data.
                    var target = p * PageRows;
                    // Timed inside the page (performance.now, a MutationObserver), so the bench's own CDP calls are not counted.
                    var elapsed = await page.EvaluateAsync<double>(@"async ([y, i]) => {
                        const table = document.querySelector('[data-field=run-table]');
                        const drawn = () => document.querySelector(`tr.run-row[data-index='${i}']`) !== null;
                        const start = performance.now();
                        table.scrollTop = y;
                        await new Promise((resolve, reject) => {
                            if (drawn()) return resolve();
                            const observer = new MutationObserver(() => { if (drawn()) { observer.disconnect(); resolve(); } });
                            observer.observe(table, { childList: true, subtree: true, attributes: true });
                            setTimeout(() => { observer.disconnect(); reject(new Error(`row ${i} not drawn in 30 s`)); }, 30000);
                        });
                        return performance.now() - start;
                    }", new object[] { target * rowHeight, target });
                    samples.Add(elapsed);
                    // Let the read-ahead of the next page land, as it would while the user reads this one (--pause 0: a fling).
                    if (pause > 0) await page.WaitForTimeoutAsync(pause);
                }
                loaded = int.Parse((await table.GetAttributeAsync("data-rows"))!);
                held = int.Parse((await table.GetAttributeAsync("data-held"))!);
                pageP50.Add(Stats.Percentile(samples, 50));
                pageP95.Add(Stats.Percentile(samples, 95));
                await page.CloseAsync();
            }
            Console.WriteLine($"runs-page in Chromium: open → first rows, interactive: median {Stats.Median(firstRows):F0} ms; each further page while scrolling p50 {Stats.Median(pageP50):F1} ms, p95 {Stats.Median(pageP95):F1} ms ({trials} trials × {pages} pages, {pause} ms between pages; {loaded:N0} rows read by the end, {held:N0} held in the circuit)");
        }
    }
}
