using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class HomePageTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HomePage_InChromium_ListsTheLatestRunsWithTheirStatus()
    {
        await _app.Api.PutAsync("/api/contacts/c-77", System.Net.Http.Json.JsonContent.Create(new { name = "Zoe", attributes = new { firstName = "Zoe", balance = 50000 } }));
        var id = await _app.StartRunAsync("savings-nudge", new { contactId = "c-77" });

        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var log = new List<string>();
        page.Console += (_, m) => log.Add("console: " + m.Text);
        page.RequestFailed += (_, r) => log.Add("failed: " + r.Url);
        page.Response += (_, r) => { if (r.Status >= 400) log.Add($"{r.Status}: {r.Url}"); };
        await page.GotoAsync(_app.BaseUrl + "/");
        try { await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 }); }
        catch (TimeoutException) { throw new Exception(string.Join("\n", log)); }
        var row = page.Locator("table.mud-table-root tbody tr", new PageLocatorOptions { HasText = "savings-nudge" });
        await row.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("Zoe", await row.First.InnerTextAsync());
        Assert.Equal("c-77", await row.First.Locator("[data-field=contact]").GetAttributeAsync("title"));
        Assert.Equal("Completed", await row.First.Locator("[data-status]").GetAttributeAsync("data-status"));
        Assert.Equal($"/runs/{id}", await row.First.Locator("a").First.GetAttributeAsync("href"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home.png"), FullPage = true });
        await page.CloseAsync();
    }
}
