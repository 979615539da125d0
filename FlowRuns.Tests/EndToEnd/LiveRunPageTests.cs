using System.Net.Http.Json;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>The painted run in Chromium: a run waiting for the customer moves on, live, when the customer acts.</summary>
[Collection(BrowserCollection.Name)]
public class LiveRunPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<string> StartWaitingLoanAsync() => _app.StartWaitingLoanAsync();

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(_app.BaseUrl + path);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        return page;
    }

    [Fact]
    public async Task WaitingRun_PaintsTheCompletedWaitAndTheNextNode_WhenTheCustomerActs_WithoutReload()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        var wait = page.Locator(".flow-node[data-node-id='wait-accept']");
        Assert.Equal("Waiting", await wait.GetAttributeAsync("data-status"));
        await page.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("NotReached", await page.Locator(".flow-node[data-node-id='done']").GetAttributeAsync("data-status"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-waiting.png") });
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        (await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "card.completed", properties = new { runId = id } })).EnsureSuccessStatusCode();

        await page.Locator(".flow-node[data-node-id='wait-accept'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator(".flow-node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("→ event", await page.Locator(".flow-node[data-node-id='wait-accept'] .node-status").TextContentAsync());
        Assert.Equal("6", await page.Locator(".edge.taken[data-from='wait-accept']").GetAttributeAsync("data-order"));
        Assert.Equal(0, navigations);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-completed-live.png") });

        await page.Locator("[data-action=fit]").ClickAsync(); // every node in view, to click one
        await page.Locator(".flow-node[data-node-id='segment'] .node-button").ClickAsync();
        await page.Locator(".step-panel[data-node-id='segment']").WaitForAsync();
        Assert.Contains("customerSegment", await page.Locator(".step-panel [data-field='resolutions']").InnerTextAsync());
        await page.Locator(".mode-option[data-mode=values]").ClickAsync();
        await page.Locator("[data-action=fit-path]").ClickAsync(); // back to a readable zoom
        await page.Locator(".flow-canvas[data-compact=no]").WaitForAsync();
        await page.Locator(".flow-node[data-node-id='segment'] .node-expression[data-mode='values']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.StartsWith("\"premium\"", (await page.Locator(".flow-node[data-node-id='segment'] .node-expression").TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-values-panel.png") });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Canvas_ZoomsWithButtonsWheelAndKeys_AndFitAllRestoresTheWholeGraph()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var first = await ViewAsync(page);
        var firstZoom = await ZoomAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        var zoomed = await WaitForViewAsync(page, first, different: true);
        Assert.True(await ZoomAsync(page) > firstZoom, "zoom in should enlarge");

        await page.Locator("[data-action=fit]").ClickAsync();
        var all = await WaitForViewAsync(page, zoomed, different: true);
        await page.Locator(".flow-canvas").HoverAsync();
        await page.Mouse.WheelAsync(0, -400);
        await WaitForViewAsync(page, all, different: true);
        await page.Locator(".flow-node[data-node-id='wait-accept'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync("0");
        await WaitForViewAsync(page, all, different: false);
        await page.Keyboard.PressAsync("ArrowRight");
        await WaitForViewAsync(page, all, different: true);
        await page.CloseAsync();
    }

    /// <summary>The canvas's transform (pan and zoom), as the library applies it to its node layer.</summary>
    private static Task<string?> ViewAsync(IPage page) => page.Locator(".diagram-html-layer").GetAttributeAsync("style");

    private static async Task<double> ZoomAsync(IPage page) =>
        double.Parse((await page.Locator(".flow-canvas").GetAttributeAsync("data-zoom"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until the view differs from (or is again) <paramref name="reference"/>; returns it.</summary>
    private static async Task<string> WaitForViewAsync(IPage page, string? reference, bool different)
    {
        var handle = await page.WaitForFunctionAsync(
            "([reference, different]) => { const now = document.querySelector('.diagram-html-layer')?.getAttribute('style'); return ((now !== reference) === different) ? now : null; }",
            new object?[] { reference, different }, new PageWaitForFunctionOptions { Timeout = 10_000 });
        return (await handle.JsonValueAsync<string>())!;
    }

    [Fact]
    public async Task Lookup_PasteTheId_LandsOnTheRun_AndAnUnknownIdSaysSo()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync("/lookup");
        await page.Locator("#run-id").FillAsync(Guid.Parse(id).ToString("D"));
        await page.Locator("#find-run").ClickAsync();
        await page.Locator(".flow-node[data-node-id='wait-accept']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.EndsWith($"/runs/{id}", page.Url);

        var lookup = await OpenAsync("/lookup");
        await lookup.Locator("#run-id").FillAsync(Guid.NewGuid().ToString("N"));
        await lookup.Locator("#find-run").ClickAsync();
        await lookup.GetByText("No run has the id").WaitForAsync();

        var missing = await OpenAsync($"/runs/{Guid.NewGuid():N}");
        await missing.Locator("[data-field='not-found']").WaitForAsync();
        await page.CloseAsync();
        await lookup.CloseAsync();
        await missing.CloseAsync();
    }
}
