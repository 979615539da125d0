using Deque.AxeCore.Playwright;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// The run graph on Blazor.Diagrams, as a new user meets it in Chromium: readable at first sight (no canvas text under
/// 12 px), status pills when zoomed out too far to read, a keyboard-only walk, no serious accessibility violation, a
/// phone without sideways scrolling, and a subflow's child run one click away and back.
/// </summary>
[Collection(BrowserCollection.Name)]
public class RunGraphTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A loan run for c-17 that has come to its wait for the customer (premium branch taken).</summary>
    private Task<string> WaitingLoanAsync() => _app.StartWaitingLoanAsync();

    private async Task<IPage> OpenAsync(string path, int width = 1440, int height = 900)
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(_app.BaseUrl + path);
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        return page;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name) });

    /// <summary>
    /// The on-screen height of every piece of text drawn on the canvas and inside it (node text, port labels, order
    /// badges), measured with getBoundingClientRect on the text itself; screen-reader-only text and hidden text left out.
    /// </summary>
    private static Task<double[]> CanvasTextHeightsAsync(IPage page, string within) => page.EvaluateAsync<double[]>(@"(within) => {
        const canvas = document.querySelector('.flow-canvas').getBoundingClientRect();
        const heights = [];
        const walker = document.createTreeWalker(document.querySelector('.flow-canvas'), NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent.trim() || !node.parentElement.closest(within) || node.parentElement.closest('.sr-only')) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const rect = range.getBoundingClientRect();
            const visible = rect.width > 0 && rect.height > 0 && rect.right > canvas.left && rect.left < canvas.right && rect.bottom > canvas.top && rect.top < canvas.bottom;
            if (visible) heights.push(Math.min(...[...range.getClientRects()].map(r => r.height)));
        }
        return heights;
    }", within);

    [Fact]
    public async Task FirstView_NoCanvasTextUnder12Px_FitAllDrawsReadableStatusPills()
    {
        var id = await WaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        await page.Locator(".flow-node[data-node-id='wait-accept'][data-status=Waiting]").WaitForAsync();
        var heights = await CanvasTextHeightsAsync(page, ".flow-node, .edge");
        Assert.True(heights.Length >= 10, $"only {heights.Length} pieces of text on screen");
        Assert.True(heights.Min() >= 12, $"the smallest canvas text is {heights.Min():0.#} px");
        // The node the run waits on is in view.
        var wait = await page.Locator(".flow-node[data-node-id='wait-accept']").BoundingBoxAsync();
        var frame = await page.Locator(".flow-canvas").BoundingBoxAsync();
        Assert.True(wait!.Y >= frame!.Y && wait.Y + wait.Height <= frame.Y + frame.Height, "the waiting node is out of view");
        await ShotAsync(page, "graph-first-view.png");

        // Fit all in a smaller window: too far out to read, so nodes are status pills whose text stays legible.
        await page.SetViewportSizeAsync(1000, 640);
        await page.Locator("[data-action=fit]").ClickAsync();
        await page.Locator(".flow-canvas[data-compact=yes]").WaitForAsync();
        Assert.True(await page.Locator(".flow-node[data-node-id='wait-accept'] .node-pill").IsVisibleAsync());
        Assert.False(await page.Locator(".flow-node[data-node-id='wait-accept'] .node-label").IsVisibleAsync());
        var pills = await CanvasTextHeightsAsync(page, ".node-pill");
        Assert.True(pills.Length >= 10, $"{pills.Length} pieces of pill text on screen");
        Assert.True(pills.Min() >= 8, $"the smallest pill text is {pills.Min():0.#} px");
        Assert.Contains("Wait for acceptance", await page.Locator(".flow-node[data-node-id='wait-accept']").GetAttributeAsync("title"));
        await ShotAsync(page, "graph-fit-all-pills.png");
        await page.CloseAsync();
    }

    [Fact]
    public async Task KeyboardOnly_TabWalksTheNodesInGraphOrder_EnterOpensThePanel_EscapeClosesIt()
    {
        var id = await WaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        await page.Locator(".mode-option[data-mode=both]").FocusAsync();
        var reached = new List<string>();
        for (var i = 0; i < 40 && reached.Count < 10; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var node = await page.EvaluateAsync<string?>("() => document.activeElement?.classList.contains('node-button') ? document.activeElement.closest('.flow-node').dataset.nodeId : null");
            if (node is not null && !reached.Contains(node)) reached.Add(node);
        }
        // Graph order: row by row (node centres), left to right, as drawn.
        var order = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('.flow-node')]
            .map(n => ({ id: n.dataset.nodeId, r: n.getBoundingClientRect() }))
            .map(n => ({ id: n.id, y: Math.round(n.r.top + n.r.height / 2), x: n.r.left }))
            .sort((a, b) => (a.y - b.y) || (a.x - b.x)).map(n => n.id)");
        Assert.Equal(order, reached);

        await page.Locator(".flow-node[data-node-id='segment'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".step-panel[data-node-id='segment']").WaitForAsync();
        Assert.Equal("true", await page.Locator(".flow-node[data-node-id='segment'] .node-button").GetAttributeAsync("aria-expanded"));
        var name = await page.Locator(".flow-node[data-node-id='segment'] .node-button").EvaluateAsync<string>("e => e.textContent");
        Assert.Contains("Customer segment", name);
        Assert.Contains("switch", name);
        Assert.Contains("Completed", name);
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".step-panel").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        // Space opens too; the value chip of a condition is reachable and cycles names → values → both.
        await page.Locator(".flow-node[data-node-id='eligible'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await page.Locator(".step-panel[data-node-id='eligible']").WaitForAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("value-toggle", await page.EvaluateAsync<string>("() => document.activeElement.classList[1]"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".flow-node[data-node-id='eligible'] .node-expression[data-mode=values]").WaitForAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".flow-node[data-node-id='eligible'] .node-expression[data-mode=both]").WaitForAsync();
        Assert.StartsWith("%{steps.eligibility.output.eligible} = true", (await page.Locator(".flow-node[data-node-id='eligible'] .node-expression").TextContentAsync())!.Trim());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Axe_FindsNoSeriousOrCriticalViolation_OnTheRunPage_WithThePanelOpen_AndOnTheGraphTab()
    {
        var id = await WaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        await AssertAccessibleAsync(page, "run page");
        await page.Locator(".flow-node[data-node-id='segment'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".step-panel[data-node-id='segment']").WaitForAsync();
        await AssertAccessibleAsync(page, "run page with the panel open");
        await page.GotoAsync(_app.BaseUrl + "/flows/loan-approval?tab=graph");
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await AssertAccessibleAsync(page, "graph tab");
        await page.CloseAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(12).Select(n => (n.Html.Length > 140 ? n.Html[..140] : n.Html) + " :: " + string.Join(";", n.Any.Select(c => c.Message))))}")));
    }

    [Fact]
    public async Task OnAPhone_NoSidewaysScroll_ThePanelIsABottomSheet()
    {
        var id = await WaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}", 390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide at 390");
        await page.Locator(".flow-node[data-node-id='wait-accept'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var panel = page.Locator(".step-panel[data-node-id='wait-accept']");
        await panel.WaitForAsync();
        var box = await panel.BoundingBoxAsync();
        Assert.True(box!.Width >= 388 && box.Y + box.Height >= 843, $"the panel is not a bottom sheet: {box.X},{box.Y} {box.Width}×{box.Height}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ShotAsync(page, "graph-phone-sheet.png");
        await page.CloseAsync();
    }

    [Fact]
    public async Task ASubflowNode_ShowsItsChildRun_OneClickAway_WithABreadcrumbBack()
    {
        var id = await WaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        var chip = page.Locator(".flow-node[data-node-id='eligibility'] .child-run");
        await chip.WaitForAsync();
        Assert.Equal("Completed", await chip.GetAttributeAsync("data-child-status"));
        var child = await chip.GetAttributeAsync("data-child");
        await chip.FocusAsync();
        await page.NavigatesAsync(() => page.Keyboard.PressAsync("Enter"), $"**/runs/{child}");
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var back = page.Locator("[data-link=breadcrumb-parent]");
        await page.NavigatesAsync(() => back.ClickAsync(), $"**/runs/{id}");
        await page.Locator(".flow-node[data-node-id='eligibility']").WaitForAsync();
        await page.CloseAsync();
    }
}
