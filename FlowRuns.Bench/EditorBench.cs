using System.Diagnostics;
using System.Net.Http.Json;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FlowRuns.Bench;

/// <summary>
/// editor: the flow editor with the 200-node flow, as Chromium sees it.
/// <list type="bullet">
/// <item>open → interactive: navigation → the draft drawn on the canvas and the page interactive (timed inside the page);</item>
/// <item>drag: each pointer move of a node dragged with the mouse → the node's new position in the DOM (a MutationObserver);</item>
/// <item>typing: each key typed into the selected node's label → the new label on its card on the canvas (every keystroke
/// is an edit, in order; the check and the save after it are coalesced);</item>
/// <item>validation: the whole draft checked after an edit — to JSON, parsed and compiled with every publish rule, exactly
/// what the page does after each edit — timed in-process over a real store.</item>
/// </list>
/// --trials (default 5) page loads; --moves (default 40) drag moves; --keys (default 40) keystrokes; --checks (default 50) validations.
/// </summary>
internal static class EditorBench
{
    public static async Task RunAsync(string[] args)
    {
        var trials = BenchArgs.Int(args, "trials", 5);
        var moves = BenchArgs.Int(args, "moves", 40);
        var checks = BenchArgs.Int(args, "checks", 50);
        var keys = BenchArgs.Int(args, "keys", 40);
        await ValidationAsync(checks);

        var path = Path.Combine(Path.GetTempPath(), $"flowruns-editor-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(path, 5076, seedDemo: false, configuration: "Release");
            (await app.Http.PostAsJsonAsync("/api/flows", CanvasBench.TwoHundredNodeFlow())).EnsureSuccessStatusCode();
            var (playwright, browser) = await BenchBrowser.LaunchAsync();
            await using (browser)
            using (playwright)
            {
                var context = await BenchBrowser.SignedInAsync(browser, app.BaseUrl);
                for (var warm = 0; warm < 3; warm++) await OpenAsync(context, app.BaseUrl);
                var opens = new List<double>();
                for (var trial = 0; trial < trials; trial++) opens.Add(await OpenAsync(context, app.BaseUrl));
                Console.WriteLine($"editor open → interactive, 200 nodes: median {Stats.Median(opens):F0} ms (min {opens.Min():F0}, max {opens.Max():F0}; {trials} loads)");
                await DragAsync(context, app.BaseUrl, moves);
                await TypeAsync(context, app.BaseUrl, keys);
            }
        }
        finally
        {
            FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
        }
    }

    /// <summary>The page's own clock: when it was interactive and the draft's nodes were on the ready canvas (the later of the two).</summary>
    private const string OpenProbe = """
        (() => {
            const marks = window.__open = {};
            const look = () => {
                if (marks.interactive === undefined && document.querySelector('[data-field=editor][data-interactive=yes]')) marks.interactive = performance.now();
                if (marks.drawn === undefined && document.querySelector('.draft-canvas[data-ready=yes] .draft-node')) {
                    marks.drawn = -1;
                    requestAnimationFrame(() => { marks.drawn = performance.now(); });
                }
            };
            new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
        })();
        """;

    private static async Task<double> OpenAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.AddInitScriptAsync(OpenProbe);
            await page.GotoAsync($"{baseUrl}/flows/two-hundred/edit");
            await page.WaitForFunctionAsync("() => window.__open && window.__open.drawn > 0 && window.__open.interactive > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            return await page.EvaluateAsync<double>("() => Math.max(window.__open.drawn, window.__open.interactive)");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Pointer move → the dragged node's position changed in the DOM, for each of <paramref name="moves"/> moves.</summary>
    private static async Task DragAsync(IBrowserContext context, string baseUrl, int moves)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/flows/two-hundred/edit");
        await page.Locator(".draft-canvas[data-ready=yes] .draft-node[data-node-id=start]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.EvaluateAsync(@"() => {
            window.__latencies = [];
            let started = null;
            const node = document.querySelector('.draft-node[data-node-id=start]').closest('.diagram-node');
            new MutationObserver(() => { if (started !== null) { window.__latencies.push(performance.now() - started); started = null; } })
                .observe(node, { attributes: true, attributeFilter: ['style'] });
            document.querySelector('.diagram-canvas').addEventListener('pointermove', e => { if (e.buttons) started = performance.now(); }, { capture: true });
        }");
        var box = await page.Locator(".draft-node[data-node-id=start] .draft-node-label").BoundingBoxAsync();
        var (x, y) = (box!.X + 20, box.Y + box.Height / 2);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        var latencies = new List<double>();
        for (var i = 0; i < moves; i++)
        {
            await page.Mouse.MoveAsync(x + 4 * (i + 1), y + 2 * (i + 1));
            await page.WaitForFunctionAsync("n => window.__latencies.length >= n", i + 1, new PageWaitForFunctionOptions { Timeout = 10_000 });
            latencies.Add(await page.EvaluateAsync<double>("n => window.__latencies[n - 1]", i + 1));
        }
        await page.Mouse.UpAsync();
        Console.WriteLine($"editor drag a node → position drawn, 200 nodes, loopback: p50 {Stats.Percentile(latencies, 50):F1} ms, p95 {Stats.Percentile(latencies, 95):F1} ms ({moves} moves)");
        await page.CloseAsync();
    }

    /// <summary>A key typed into the selected node's label → its card on the canvas shows the longer label, for each of <paramref name="keys"/> keys.</summary>
    private static async Task TypeAsync(IBrowserContext context, string baseUrl, int keys)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/flows/two-hundred/edit");
        await page.Locator(".draft-canvas[data-ready=yes] .draft-node[data-node-id=c0]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.Locator("[data-field=editor][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.Locator(".draft-node[data-node-id=c0] .draft-node-body").ClickAsync();
        var label = page.Locator("[data-field=node-settings][data-node-id=c0] input[data-field=setting-label], [data-field=node-settings][data-node-id=c0] [data-field=setting-label] input").First;
        await label.FocusAsync();
        await page.Keyboard.PressAsync("End");
        await page.EvaluateAsync(@"() => {
            window.__latencies = [];
            const starts = [];
            const card = document.querySelector('.draft-node[data-node-id=c0]');
            let shown = card.querySelector('.draft-node-label').textContent.length;
            new MutationObserver(() => {
                const now = card.querySelector('.draft-node-label')?.textContent.length ?? shown;
                while (now > shown && starts.length) { window.__latencies.push(performance.now() - starts.shift()); shown++; }
            }).observe(card, { subtree: true, childList: true, characterData: true });
            document.addEventListener('keydown', () => starts.push(performance.now()), { capture: true });
        }");
        var latencies = new List<double>();
        for (var i = 0; i < keys; i++)
        {
            await page.Keyboard.PressAsync("x");
            await page.WaitForFunctionAsync("n => window.__latencies.length >= n", i + 1, new PageWaitForFunctionOptions { Timeout = 10_000 });
            latencies.Add(await page.EvaluateAsync<double>("n => window.__latencies[n - 1]", i + 1));
        }
        Console.WriteLine($"editor type into a node's label → drawn on its card, 200 nodes, loopback: p50 {Stats.Percentile(latencies, 50):F1} ms, p95 {Stats.Percentile(latencies, 95):F1} ms ({keys} keys)");
        await page.CloseAsync();
    }

    /// <summary>The whole 200-node draft checked as the editor checks it after an edit, <paramref name="checks"/> times.</summary>
    private static async Task ValidationAsync(int checks)
    {
        await using var bench = await BenchEngine.StartAsync(contacts: 1);
        var catalog = bench.Services.GetRequiredService<FlowCatalog>();
        var draft = FlowJson.Parse(CanvasBench.TwoHundredNodeFlow());
        await catalog.PublishAsync(draft);
        for (var warm = 0; warm < 10; warm++) await CheckAsync(catalog, draft, warm);
        var times = new List<double>();
        for (var i = 0; i < checks; i++)
        {
            var watch = Stopwatch.StartNew();
            var problems = await CheckAsync(catalog, draft, i);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (problems.Count != 0) throw new InvalidOperationException("the benchmark draft should have no problems: " + problems[0].Message);
        }
        Console.WriteLine($"editor validation of the whole draft after an edit, 200 nodes: median {Stats.Median(times):F2} ms, p95 {Stats.Percentile(times, 95):F2} ms ({checks} checks)");
    }

    /// <summary>One edit (a label), then the draft to JSON, parsed and compiled with every publish rule — FlowDrafts.ProblemsAsync's path.</summary>
    private static Task<IReadOnlyList<DefinitionProblem>> CheckAsync(FlowCatalog catalog, FlowDefinition draft, int i)
    {
        var edited = draft with { Nodes = [.. draft.Nodes.Select(n => n.Id == "c0" ? n with { Label = $"Check {i}" } : n)] };
        return catalog.ProblemsAsync(FlowJson.Parse(FlowJson.ToJson(edited)));
    }
}
