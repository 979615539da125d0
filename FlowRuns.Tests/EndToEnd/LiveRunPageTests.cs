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
        (await _app.Api.PutAsJsonAsync("/api/contacts/c-17", new { name = "Ana", phone = "+4917", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> StartWaitingLoanAsync()
    {
        var response = await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 5000 } });
        var started = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["started"]![0]!.GetValue<string>();
        for (var i = 0; i < 100; i++)
        {
            var run = (await _app.Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/runs/{started}"))!;
            if (run["waitingFor"]?.GetValue<string>() == "card.completed") return started;
            await Task.Delay(50);
        }
        throw new TimeoutException("The loan run did not reach its wait.");
    }

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
        var wait = page.Locator("g.node[data-node-id='wait-accept']");
        Assert.Equal("Waiting", await wait.GetAttributeAsync("data-status"));
        await page.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("NotReached", await page.Locator("g.node[data-node-id='done']").GetAttributeAsync("data-status"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-waiting.png") });
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        (await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "card.completed", properties = new { runId = id } })).EnsureSuccessStatusCode();

        await page.Locator("g.node[data-node-id='wait-accept'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator("g.node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("→ event", await page.Locator("g.node[data-node-id='wait-accept'] .node-status").TextContentAsync());
        Assert.Equal("6", await page.Locator(".edge.taken[data-from='wait-accept']").GetAttributeAsync("data-order"));
        Assert.Equal(0, navigations);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-completed-live.png") });

        await page.Locator("g.node[data-node-id='segment']").ClickAsync();
        await page.Locator(".step-panel[data-node-id='segment']").WaitForAsync();
        Assert.Contains("customerSegment", await page.Locator(".step-panel [data-field='resolutions']").InnerTextAsync());
        await page.GetByText("Show resolved values").ClickAsync();
        await page.Locator("g.node[data-node-id='segment'] .node-expression[data-mode='values']").WaitForAsync();
        Assert.StartsWith("\"premium\"", (await page.Locator("g.node[data-node-id='segment'] .node-expression").TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-values-panel.png") });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Canvas_ZoomsWithButtonsWheelAndKeys_AndFitRestoresTheWholeGraph()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        var svg = page.Locator("svg.flow-canvas");
        await page.Locator("svg.flow-canvas[data-pan-zoom=ready]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var home = await svg.GetAttributeAsync("viewBox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        await WaitForViewBoxAsync(page, home!, different: true);
        var zoomed = Width(await svg.GetAttributeAsync("viewBox"));
        Assert.True(zoomed < Width(home), $"zoom in should narrow the view: {zoomed} vs {Width(home)}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Fit to screen" }).ClickAsync();
        await WaitForViewBoxAsync(page, home!, different: false);

        await svg.HoverAsync();
        await page.Mouse.WheelAsync(0, -400);
        await WaitForViewBoxAsync(page, home!, different: true);
        await svg.FocusAsync();
        await page.Keyboard.PressAsync("0");
        await WaitForViewBoxAsync(page, home!, different: false);
        await page.Keyboard.PressAsync("ArrowRight");
        await WaitForViewBoxAsync(page, home!, different: true);
        await page.CloseAsync();
    }

    private static double Width(string? viewBox) => double.Parse(viewBox!.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitForViewBoxAsync(IPage page, string home, bool different)
    {
        for (var i = 0; i < 100; i++)
        {
            var now = await page.Locator("svg.flow-canvas").GetAttributeAsync("viewBox");
            if ((now != home) == different) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"the view box did not {(different ? "change" : "return home")}");
    }

    [Fact]
    public async Task Lookup_PasteTheId_LandsOnTheRun_AndAnUnknownIdSaysSo()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync("/lookup");
        await page.Locator("#run-id").FillAsync(Guid.Parse(id).ToString("D"));
        await page.Locator("#find-run").ClickAsync();
        await page.Locator("g.node[data-node-id='wait-accept']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
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
