using FlowRuns.Tests.Support;
using FlowRuns.Web.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using System.Net.Http.Json;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// In Chromium: a rule made on the alerts page, failures, the rule's check — and the bell of a page already open rings
/// (no reload), lists the alert, and its link opens the failed runs; marking all as seen clears the badge.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AlertBellTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync(seedDemo: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AfterFailures_TheBellRings_ItsAlertLinksToTheFailedRuns_AndCanBeMarkedSeen()
    {
        (await _app.Api.PostAsJsonAsync("/api/flows", Json.Flow("fragile",
            [new { id = "fail", type = "stopError", label = "Give up", message = "the CRM said no" }], [new { from = "start", to = "fail" }]))).EnsureSuccessStatusCode();
        for (var i = 0; i < 2; i++) (await _app.Api.PutAsJsonAsync($"/api/contacts/c-{i}", new { name = $"Person {i}" })).EnsureSuccessStatusCode();
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });

        // The rule, made as a manager would on /alerts.
        await page.GotoAsync(_app.BaseUrl + "/alerts");
        await page.Locator("[data-interactive=yes]").WaitForAsync();
        await page.Locator("[data-field=no-rules]").WaitForAsync();
        await page.Locator("[data-field=rule-name]").FillAsync("Fragile keeps failing");
        await page.Locator("[data-field=rule-flow]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "fragile" }).ClickAsync();
        await page.Locator("[data-field=rule-threshold]").FillAsync("1");
        await page.Locator("[data-field=rule-minutes]").FillAsync("15");
        await page.Locator("[data-action=add-rule]").ClickAsync();
        await page.Locator("[data-field=alert-rules] td:has-text('More than 1 failed run in 15 min on fragile')").WaitForAsync();

        await page.GotoAsync(_app.BaseUrl + "/flows");
        await page.Locator("[data-interactive=yes]").WaitForAsync();
        Assert.Equal("0", await page.Locator("[data-field=alert-bell]").GetAttributeAsync("data-count"));
        for (var i = 0; i < 2; i++) await _app.StartRunAsync("fragile", new { contactId = $"c-{i}" });
        var fired = await _app.Factory.Services.GetRequiredService<AlertEvaluator>().EvaluateAsync();
        Assert.Single(fired);

        // The open page's bell rings without a reload.
        await page.Locator("[data-field=alert-bell][data-count='1']").WaitForAsync();
        await page.Locator("[data-action=open-alerts]").ClickAsync();
        var item = page.Locator("[data-field=alert-menu] [data-field=fired-alert]");
        await item.WaitForAsync();
        StringAssert(await item.InnerTextAsync(), "Fragile keeps failing", "2 runs of fragile failed in the last 15 min");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "alert-bell.png") });
        await page.NavigatesAsync(() => item.Locator("[data-link=alert-runs]").ClickAsync(), "**/runs?status=Failed&flow=fragile**");
        await page.Locator("tr.run-row[data-status=Failed]").Nth(1).WaitForAsync();
        Assert.Equal(2, await page.Locator("tr.run-row[data-status=Failed]").CountAsync());

        await page.Locator("[data-action=open-alerts]").ClickAsync();
        await page.Locator("[data-action=acknowledge-alerts]").ClickAsync();
        await page.Locator("[data-field=alert-bell][data-count='0']").WaitForAsync();
        await page.CloseAsync();
    }

    private static void StringAssert(string text, params string[] parts)
    {
        foreach (var part in parts) Assert.Contains(part, text);
    }
}
