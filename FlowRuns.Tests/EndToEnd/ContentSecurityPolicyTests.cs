using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>Every page runs under its Content-Security-Policy in Chromium with no violation, interactive (the circuit connected).</summary>
[Collection(BrowserCollection.Name)]
public class ContentSecurityPolicyTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryPage_HasAPolicy_AndRunsWithoutAViolation()
    {
        await _app.Api.PutAsync("/api/contacts/c-77", System.Net.Http.Json.JsonContent.Create(new { name = "Zoe", attributes = new { firstName = "Zoe", balance = 50000 } }));
        var runId = await _app.StartRunAsync("savings-nudge", new { contactId = "c-77" });
        var pages = new[]
        {
            "/", "/runs", "/flows", "/flows/savings-nudge", "/flows/savings-nudge?tab=graph", $"/runs/{runId}", "/deliveries", "/lookup",
            "/contacts/c-77", "/runs/0000000000000000000000000000abcd", "/no/such/page", "/audit", "/settings", "/users",
        };
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(m.Text); };
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        await _app.SignInAsync(page); // the sign-in page (a static form) runs under the policy too
        lock (violations) Assert.True(violations.Count == 0, $"/account/sign-in: {string.Join("\n", violations)}");
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(_app.BaseUrl + path);
            Assert.Contains("script-src 'self' 'nonce-", response!.Headers["content-security-policy"]);
            await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            // The canvas loads its script module once interactive: wait for the drawing it makes, so a blocked module would show.
            if (path.Contains("tab=graph") || path == $"/runs/{runId}") await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            lock (violations) Assert.True(violations.Count == 0, $"{path}: {string.Join("\n", violations)}");
        }
        await page.CloseAsync();
    }
}
