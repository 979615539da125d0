using System.Text.RegularExpressions;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>First start in a browser: the setup link creates the owner; sign out, a wrong password, sign in again.</summary>
[Collection(BrowserCollection.Name)]
public class SignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync(seedDemo: true, bootstrap: false, logs: _logs);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FirstStart_TheSetupLinkCreatesTheOwner_WhoSignsOutAndBackIn()
    {
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(_app.BaseUrl + "/");
        Assert.Contains("/account/sign-in", page.Url);
        await page.Locator("h1:has-text('Create the owner account')").WaitForAsync();
        await page.Locator("[data-field=setup-needed]").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "first-start.png") });

        var link = Regex.Match(_logs.Lines.Single(l => l.Contains("Create the owner account")), "http://\\S+/account/setup\\?token=[0-9a-f]+").Value;
        await page.GotoAsync(link);
        await page.FillAsync("#email", "ana.owner@example.com");
        await page.FillAsync("#password", "short");
        await page.FillAsync("#confirm", "short");
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".validation-message:has-text('at least 12')").WaitForAsync();
        await page.FillAsync("#password", "a proper long password");
        await page.FillAsync("#confirm", "a proper long password");
        await page.NavigatesAsync(() => page.ClickAsync("button[type=submit]"), _app.BaseUrl + "/");
        await page.Locator("[data-field=signed-in-as]:has-text('ana.owner@example.com · owner')").WaitForAsync();

        // The link is spent.
        var again = await browser.Browser.NewPageAsync();
        await again.GotoAsync(link);
        await again.Locator("[data-field=setup-done]").WaitForAsync();
        await again.CloseAsync();

        await page.NavigatesAsync(() => page.ClickAsync(".sign-out-button"), "**/account/sign-in");
        await page.FillAsync("#email", "ana.owner@example.com");
        await page.FillAsync("#password", "not the password at all");
        await page.ClickAsync("button[type=submit]");
        await page.Locator("[data-field=sign-in-error]:has-text('Wrong email or password')").WaitForAsync();
        await page.FillAsync("#email", "ana.owner@example.com");
        await page.FillAsync("#password", "a proper long password");
        await page.NavigatesAsync(() => page.ClickAsync("button[type=submit]"), _app.BaseUrl + "/");
        await page.Locator("[data-interactive=yes]").WaitForAsync();
        await page.CloseAsync();

        var audit = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowRuns.Web.Access.AuditTrail>(_app.Factory.Services).ListAsync(new());
        Assert.Contains(audit, e => e.Action == FlowRuns.Web.Access.AuditActions.SignInFailed && e.Actor == "ana.owner@example.com" && e.Address is not null);
        Assert.Contains(audit, e => e.Action == FlowRuns.Web.Access.AuditActions.SignIn);
    }
}
