using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// In Chromium: a send step on the painted run links to its exact delivery attempt (the row marked), and a manager resends
/// it from the deliveries page — a new attempt with no run, saying who resent which attempt.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DeliveryResendTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync(seedDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASendStep_LinksToItsExactAttempt_WhichIsResentFromTheDeliveriesPage()
    {
        var runId = await _app.StartWaitingLoanAsync("Ana Lima");
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync($"{_app.BaseUrl}/runs/{runId}");
        await page.Locator(".flow-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.Locator(".flow-node[data-node-id='card-premium'] .node-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var attemptLink = page.Locator(".step-panel[data-node-id='card-premium'] [data-link=delivery-attempt]");
        await attemptLink.WaitForAsync();
        var href = (await attemptLink.GetAttributeAsync("href"))!;
        var deliveryId = href[(href.IndexOf("#delivery-", StringComparison.Ordinal) + "#delivery-".Length)..];
        Assert.Equal(32, deliveryId.Length);

        // A full load of that address, as a link shared in a ticket: the attempt's row is the one marked.
        await page.GotoAsync(_app.BaseUrl + href);
        var marked = page.Locator("tr:has([data-targeted=yes])");
        await marked.WaitForAsync();
        Assert.Equal(1, await marked.CountAsync());
        Assert.Equal(deliveryId, await marked.Locator("[data-delivery-id]").GetAttributeAsync("data-delivery-id"));
        Assert.Contains("Ana Lima", await marked.Locator("[data-field=delivery-contact]").InnerTextAsync());

        await page.Locator("[data-interactive=yes]").WaitForAsync();
        await marked.Locator("[data-action=resend]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend", Exact = true }).Last.ClickAsync();
        // Said done before the page is left: leaving at once would close the circuit with the resend perhaps not yet sent.
        await page.Locator(".mud-snackbar:has-text('Resent:')").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        // The page reloads its list: the resend is there, with no run, naming who resent which attempt. It is the newest
        // attempt of all, so it leads the contact's list.
        await page.GotoAsync(_app.BaseUrl + "/deliveries?contact=c-17");
        var resent = page.Locator("[data-field=resend-of]");
        await resent.WaitForAsync();
        var text = await resent.InnerTextAsync();
        Assert.Contains(TestAccess.OwnerEmail, text);
        Assert.Contains(deliveryId[^10..], text);
        var firstRow = page.Locator("[data-field=deliveries] tbody tr").First;
        Assert.Equal(1, await firstRow.Locator("[data-field=resend-of]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "deliveries-resent.png") });
        await page.CloseAsync();
    }
}
