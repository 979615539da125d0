using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// page-idle: what open run pages cost while nothing happens. --pages (default 10) Chromium pages each show a waiting run
/// (live, graph drawn); then for --seconds (default 20) nothing changes, and the CPU time the browser's processes and the
/// app took is read from /proc. A page a care team member leaves open in a tab should cost next to nothing.
/// </summary>
internal static class PageIdleBench
{
    public static async Task RunAsync(string[] args)
    {
        var pageCount = BenchArgs.Int(args, "pages", 10);
        var seconds = BenchArgs.Int(args, "seconds", 20);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-idle-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(path, seedDemo: false, settings: BenchArgs.Unthrottled, configuration: "Release");
            (await app.Http.PostAsJsonAsync("/api/flows", BenchEngine.WaitingFlow("idle", "Idle"))).EnsureSuccessStatusCode();
            var (playwright, browser) = await BenchBrowser.LaunchAsync();
            await using (browser)
            using (playwright)
            {
                var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
                for (var i = 0; i < pageCount; i++)
                {
                    (await app.Http.PutAsJsonAsync($"/api/contacts/i-{i}", new { name = $"I{i}" })).EnsureSuccessStatusCode();
                    var started = await (await app.Http.PostAsJsonAsync("/api/flows/idle/runs", new { contactId = $"i-{i}" })).Content.ReadFromJsonAsync<JsonObject>();
                    var page = await context.NewPageAsync();
                    await page.GotoAsync($"{app.BaseUrl}/runs/{started!["id"]!.GetValue<string>()}");
                    await page.Locator("[data-live=on]").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                    await page.Locator(".flow-canvas[data-ready=yes] .flow-node[data-node-id='end']").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 30_000 });
                }
                // Settle (first paints, layout, the circuit's first pings) before measuring.
                await Task.Delay(TimeSpan.FromSeconds(5));
                var browserBefore = ChromiumCpuSeconds();
                var appBefore = app.CpuSeconds();
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                var browserCpu = ChromiumCpuSeconds() - browserBefore;
                var appCpu = app.CpuSeconds() - appBefore;
                Console.WriteLine($"page-idle: {pageCount} run pages open and live, nothing happening for {seconds} s: Chromium {browserCpu / seconds * 100:F1} % of a core " +
                                  $"({browserCpu / seconds * 100 / pageCount:F2} % per page), app {appCpu / seconds * 100:F1} % of a core");
            }
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }

    /// <summary>CPU seconds of every Chromium process on the machine (the browser, its GPU and utility processes, each page's renderer).</summary>
    private static double ChromiumCpuSeconds()
    {
        double total = 0;
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (!name.StartsWith("chromium", StringComparison.Ordinal) && !name.StartsWith("chrome", StringComparison.Ordinal)) continue;
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
            }
            catch (IOException) { } // the process ended
        }
        return total;
    }
}
