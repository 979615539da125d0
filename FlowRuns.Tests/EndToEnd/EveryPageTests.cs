using Deque.AxeCore.Playwright;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Every page of the app as a user meets it in Chromium: one h1 and a main landmark, no serious or critical axe-core
/// violation in light or in dark mode, nothing wider than a 390×844 phone (the navigation a drawer there), and the
/// light/dark choice remembered by the browser. Screenshots of each page in light, dark and phone go to TestResults.
/// </summary>
[Collection(BrowserCollection.Name)]
public class EveryPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;
    private string _runId = "";

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync();
        _runId = await _app.StartWaitingLoanAsync("Ana Lima");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Every page a signed-in owner can open, each with what shows it has loaded its data.</summary>
    private (string Path, string Ready)[] Pages =>
    [
        ("/", ".latest-runs"),
        ("/runs", "[data-field=run-link]"),
        ($"/runs/{_runId}", ".flow-canvas[data-ready=yes]"),
        ($"/runs/{_runId}/compare/{_runId}", "[data-field=compare-steps]"),
        ("/flows", "[data-field=flows]"),
        ("/flows/loan-approval", "[data-field=flow-tabs]"),
        ("/flows/loan-approval?tab=graph", ".flow-canvas[data-ready=yes]"),
        ("/flows/loan-approval?tab=runs", "[data-field=run-link]"),
        ("/flows/loan-approval?tab=failures", "[data-field=failure-groups], [data-field=no-failures]"),
        ("/flows/loan-approval?tab=paths", "[data-field=path-groups], [data-field=no-paths]"),
        ("/flows/loan-approval?tab=versions", "[data-field=versions]"),
        ("/flows/loan-approval?tab=test", "[data-field=flow-tabs]"),
        ("/flows/loan-approval?tab=activity", "[data-field=flow-tabs]"),
        ("/deliveries", "[data-field=deliveries]"),
        ("/failures", "[data-field=failure-groups], [data-field=no-failures]"),
        ("/alerts", "[data-field=alert-rules], [data-field=no-rules]"),
        ("/contacts/c-17", "[data-field=contact-name]"),
        ("/lookup", "h1"),
        ("/audit", "[data-field=audit-list]"),
        ("/settings", "[data-field=key-list]"),
        ("/users", "[data-field=user-list]"),
        ("/no/such/page", "[data-field=not-found]"),
    ];

    private async Task OpenAsync(IPage page, string path, string ready)
    {
        await page.GotoAsync(_app.BaseUrl + path);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.Locator(ready).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
    }

    private string ShotName(string mode, string path)
    {
        var name = string.Join("_", path.Replace(_runId, "run").Split(['/', '?', '=', '&'], StringSplitOptions.RemoveEmptyEntries));
        return $"page-{mode}-{(name.Length > 0 ? name : "home")}.png";
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(1, await page.Locator("main").CountAsync());
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(8).Select(n => (n.Html.Length > 140 ? n.Html[..140] : n.Html) + " :: " + string.Join(";", n.Any.Select(c => c.Message))))}")));
    }

    [Fact]
    public async Task EveryPage_HasOneH1_AMainLandmark_AndNoSeriousAxeViolation_InLightAndDarkMode()
    {
        foreach (var mode in new[] { "light", "dark" })
        {
            var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            await page.Context.AddCookiesAsync([new Cookie { Name = "flowruns-theme", Value = mode, Url = _app.BaseUrl }]);
            foreach (var (path, ready) in Pages)
            {
                await OpenAsync(page, path, ready);
                var theme = await page.Locator(".app-root").GetAttributeAsync("data-theme");
                Assert.True(theme == mode, $"{path} shows {theme} in {mode} mode");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, ShotName(mode, path)) });
                await AssertAccessibleAsync(page, $"{path} ({mode})");
            }
            await page.CloseAsync();
        }
        // The sign-in page, before anyone signs in.
        var anonymous = await browser.Browser.NewPageAsync();
        await anonymous.GotoAsync(_app.BaseUrl + "/account/sign-in");
        await AssertAccessibleAsync(anonymous, "sign-in");
        await anonymous.CloseAsync();
    }

    [Fact]
    public async Task OnA390By844Phone_NoPageScrollsSideways_AndTheNavigationIsADrawer()
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        foreach (var (path, ready) in Pages)
        {
            await OpenAsync(page, path, ready);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, ShotName("phone", path)) });
            Assert.True(width <= 390, $"{path} is {width} px wide on a 390 px phone");
        }

        // The bar's links are hidden; the menu button opens the drawer with the grouped navigation, and a link closes it.
        await OpenAsync(page, "/runs", "[data-field=run-link]");
        Assert.False(await page.Locator(".app-bar .app-nav").IsVisibleAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the menu" }).ClickAsync();
        var drawer = page.Locator(".nav-drawer");
        await drawer.GetByRole(AriaRole.Group, new() { Name = "Operate" }).WaitForAsync();
        Assert.Equal(["Operate", "Build", "Tools", "Admin"], await drawer.Locator(".nav-group-label").AllInnerTextsAsync() is var labels
            ? labels.Select(l => l.Trim()).Select(l => char.ToUpperInvariant(l[0]) + l[1..].ToLowerInvariant()).ToArray() : []);
        await page.NavigatesAsync(() => drawer.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync(), "**/deliveries");
        await page.Locator("[data-field=deliveries]").WaitForAsync();
        await page.Locator(".nav-toggle[aria-expanded=false]").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.nav-drawer').getBoundingClientRect().right <= 0");
        await page.CloseAsync();
    }

    [Fact]
    public async Task DarkMode_ChosenInTheBar_IsRememberedByThisBrowser_AndOnlyThisOne()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await _app.SignInAsync(page);
        await OpenAsync(page, "/runs", "[data-field=run-link]");
        Assert.Equal("light", await page.Locator(".app-root").GetAttributeAsync("data-theme"));
        await page.Locator("[data-field=theme-toggle]").ClickAsync();
        await page.Locator(".app-root[data-theme=dark]").WaitForAsync();
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(18, 22, 28)", background);

        // A reload and another page of the same browser open dark from the server's first paint.
        await page.ReloadAsync();
        Assert.Equal("dark", await page.Locator(".app-root").GetAttributeAsync("data-theme"));
        var again = await context.NewPageAsync();
        var html = await (await again.GotoAsync(_app.BaseUrl + "/flows"))!.TextAsync();
        Assert.Contains("data-theme=\"dark\"", html);
        await again.CloseAsync();

        // Another browser keeps its own choice; switching back is remembered too.
        var other = await _app.NewSignedInPageAsync(browser.Browser);
        await OpenAsync(other, "/runs", "[data-field=run-link]");
        Assert.Equal("light", await other.Locator(".app-root").GetAttributeAsync("data-theme"));
        await other.CloseAsync();
        await page.Locator("[data-interactive=yes]").WaitForAsync();
        await page.Locator("[data-field=theme-toggle]").ClickAsync();
        await page.Locator(".app-root[data-theme=light]").WaitForAsync();
        await page.ReloadAsync();
        Assert.Equal("light", await page.Locator(".app-root").GetAttributeAsync("data-theme"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task TheApiReference_LoadsNothingFromOutside_AndShowsNoPromotion()
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser);
        var outside = new List<string>();
        page.Request += (_, request) => { if (new Uri(request.Url).Host is not ("127.0.0.1" or "localhost")) outside.Add(request.Url); };
        await page.GotoAsync(_app.BaseUrl + "/scalar/v1");
        await page.GetByText("FlowRuns API").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.GetByText("Alerts").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(outside.Count == 0, "requests outside: " + string.Join(", ", outside));
        Assert.Equal(0, await page.Locator("a[href*='scalar.com']:visible").CountAsync());
        Assert.DoesNotContain("Powered by", await page.Locator("body").InnerTextAsync());
        await page.CloseAsync();
    }
}
