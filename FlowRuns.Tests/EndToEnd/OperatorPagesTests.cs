using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>The operator's pages in Chromium: the run history filtered by a chip and shared by its URL, a flow's Overview,
/// and a person acting as the customer in the inbox while the run page moves on.</summary>
[Collection(BrowserCollection.Name)]
public class OperatorPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync();
        (await _app.Api.PutAsJsonAsync("/api/contacts/c-17", new { name = "Ana Silva", phone = "+4917", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } })).EnsureSuccessStatusCode();
        (await _app.Api.PostAsJsonAsync("/api/flows", Json.Flow("checks",
            [
                new { id = "check", type = "condition", label = "Check", expression = "%{ok} == true" },
                new { id = "bad", type = "stopError", label = "Bad", code = "NOPE", message = "not ok" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "e" }, new { from = "check", when = "false", to = "bad" }]))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> OpenAsync(string pathOrUrl)
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        await page.GotoAsync(pathOrUrl.StartsWith("http") ? pathOrUrl : _app.BaseUrl + pathOrUrl);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        return page;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name) });

    private async Task StartChecksAsync(int ok, int failing)
    {
        for (var i = 0; i < ok + failing; i++)
            await _app.StartRunAsync("checks", new { contactId = "c-17", data = new { ok = i < ok } });
    }

    /// <summary>The statuses of the rows the list shows, once it shows <paramref name="count"/> of them.</summary>
    private static async Task<IReadOnlyList<string>> RowStatusesAsync(IPage page, int count)
    {
        var rows = page.Locator("tr.run-row[data-run-id]");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('tr.run-row[data-run-id]').length === n", count, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var statuses = new List<string>();
        for (var i = 0; i < count; i++) statuses.Add((await rows.Nth(i).GetAttributeAsync("data-status"))!);
        return statuses;
    }

    [Fact]
    public async Task Runs_FailedChip_ShowsOnlyFailedRuns_AndTheCopiedUrlOpensTheSameView()
    {
        await StartChecksAsync(ok: 3, failing: 2);
        var page = await OpenAsync("/runs");
        Assert.Equal(5, (await RowStatusesAsync(page, 5)).Count);

        await page.Locator("[data-status-chip=Failed]").ClickAsync();
        await page.Locator("[data-active-filter=status]").WaitForAsync();
        Assert.All(await RowStatusesAsync(page, 2), status => Assert.Equal("Failed", status));
        Assert.Contains("status=Failed", page.Url);
        Assert.Equal("true", await page.Locator("[data-status-chip=Failed]").GetAttributeAsync("aria-pressed"));
        await ShotAsync(page, "runs-failed-filter.png");

        var copy = await OpenAsync(page.Url);
        Assert.All(await RowStatusesAsync(copy, 2), status => Assert.Equal("Failed", status));
        Assert.Equal("true", await copy.Locator("[data-status-chip=Failed]").GetAttributeAsync("aria-pressed"));
        Assert.Contains("Status: Failed", await copy.Locator("[data-active-filter=status]").InnerTextAsync());

        await copy.Locator("[data-field=clear-all]").ClickAsync();
        await copy.Locator("[data-active-filter]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(5, (await RowStatusesAsync(copy, 5)).Count);
        await page.CloseAsync();
        await copy.CloseAsync();
    }

    [Fact]
    public async Task Runs_BadFilterInTheUrl_IsDroppedWithANotice_AndNewRunsWaitBehindAButton()
    {
        await StartChecksAsync(ok: 1, failing: 1);
        var page = await OpenAsync("/runs?status=Exploded&flow=checks");
        Assert.Contains("status", await page.Locator("[data-field=dropped-filters]").InnerTextAsync());
        Assert.Equal(2, (await RowStatusesAsync(page, 2)).Count);
        await page.Locator("[data-field=run-table][data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });

        await StartChecksAsync(ok: 0, failing: 1);
        await page.Locator("[data-field=new-runs]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("1 new run", await page.Locator("[data-field=new-runs]").TextContentAsync());
        Assert.Equal(2, await page.Locator("tr.run-row[data-run-id]").CountAsync());
        // The button has a strip of its own: it covers no row.
        var button = (await page.Locator("[data-field=new-runs]").BoundingBoxAsync())!;
        foreach (var row in await page.Locator("tr.run-row[data-run-id]").AllAsync())
        {
            var box = (await row.BoundingBoxAsync())!;
            Assert.True(button.Y + button.Height <= box.Y || box.Y + box.Height <= button.Y, $"the new-runs button ({button.Y}–{button.Y + button.Height}) covers a row ({box.Y}–{box.Y + box.Height})");
        }
        await page.Locator("[data-field=new-runs]").ClickAsync();
        Assert.Equal(3, (await RowStatusesAsync(page, 3)).Count);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Runs_AWaitingRunThatMovesOn_RepaintsInPlace_WithoutMovingTheList()
    {
        var id = await StartWaitingLoanAsync();
        await StartChecksAsync(ok: 2, failing: 0);
        var page = await OpenAsync("/runs");
        await page.Locator("[data-field=run-table][data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var row = page.Locator($"tr.run-row[data-run-id='{id}']");
        Assert.Equal("Waiting", await row.GetAttributeAsync("data-status"));
        await row.ClickAsync();
        // The selection is painted by the circuit after the click's round trip: wait for it, don't race it.
        await page.Locator($"tr.run-row.selected[data-run-id='{id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var before = await page.Locator("tr.run-row[data-run-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)");

        (await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "card.completed", properties = new { runId = id } })).EnsureSuccessStatusCode();

        await page.Locator($"tr.run-row[data-run-id='{id}'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("selected", await row.GetAttributeAsync("class"));
        Assert.Equal(before, await page.Locator("tr.run-row[data-run-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AnEventTheRunDidNotWaitFor_ShowsOnItsStep_AsArrivedNotAwaited()
    {
        var id = await StartWaitingLoanAsync();
        var answer = await (await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "card.dismissed", properties = new { runId = id } }))
            .Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal([id], answer!["filed"]!.AsArray().Select(r => r!.GetValue<string>()));

        var page = await OpenAsync($"/runs/{id}");
        await page.Locator(".flow-node[data-node-id='wait-accept']").ClickAsync();
        var row = page.Locator(".step-panel[data-node-id='wait-accept'] [data-field=event]", new PageLocatorOptions { HasText = "card.dismissed" });
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("arrived, not awaited", await row.InnerTextAsync());
        Assert.Equal("Waiting", await page.Locator(".flow-node[data-node-id='wait-accept']").GetAttributeAsync("data-status"));
        await ShotAsync(page, "run-event-not-awaited.png");
        await page.CloseAsync();
    }

    private Task<string> StartWaitingLoanAsync() => _app.StartWaitingLoanAsync("Ana Silva");

    [Fact]
    public async Task FlowOverview_ShowsTheFigures_AndDrawsTheThirtyDayChart()
    {
        await StartChecksAsync(ok: 3, failing: 1);
        var page = await OpenAsync("/flows/checks");
        await page.Locator("[data-stat=total]").WaitForAsync();
        Assert.Equal("4", await page.Locator("[data-stat=total] [data-field=value]").InnerTextAsync());
        Assert.Equal("1", await page.Locator("[data-stat=failed] [data-field=value]").InnerTextAsync());
        Assert.Equal((0.75).ToString("P1"), await page.Locator("[data-stat=success-rate] [data-field=value]").InnerTextAsync());
        var chart = page.Locator("[data-field=daily-chart] svg").First;
        await chart.WaitForAsync();
        Assert.True((await chart.BoundingBoxAsync())!.Height > 150, "the chart has a height");
        Assert.True(await page.Locator("[data-field=daily-chart] svg path").CountAsync() >= 2, "the chart draws bars");
        Assert.Contains("Completed", await page.Locator("[data-field=daily-chart]").InnerTextAsync());
        Assert.Contains("Failed", await page.Locator("[data-field=daily-chart]").InnerTextAsync());
        await ShotAsync(page, "flow-overview.png");

        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Versions" }).ClickAsync();
        await page.Locator("[data-field=versions] tr[data-version='1']").WaitForAsync();
        Assert.Contains("4", await page.Locator("[data-field=versions] tr[data-version='1']").InnerTextAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Inbox_CustomerCompletesTheCard_AndTheRunPageBesideItMovesOn()
    {
        var id = await StartWaitingLoanAsync();

        var runPage = await OpenAsync($"/runs/{id}");
        await runPage.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("Waiting", await runPage.Locator(".flow-node[data-node-id='wait-accept']").GetAttributeAsync("data-status"));

        var inbox = await OpenAsync("/contacts/c-17");
        Assert.Equal("Ana Silva", await inbox.Locator("[data-field=contact-name]").InnerTextAsync());
        var card = inbox.Locator("[data-inbox-state=new]").First;
        await card.WaitForAsync();
        await ShotAsync(inbox, "contact-inbox.png");
        await card.Locator("[data-act=completed]").ClickAsync();

        await runPage.Locator(".flow-node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("Completed", await runPage.Locator(".run-header .status-pill").GetAttributeAsync("data-status"));
        await inbox.Locator("[data-inbox-state=completed]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var run = (await _app.Api.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
        Assert.Contains(run["events"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "card.completed");
        await ShotAsync(runPage, "run-after-inbox.png");
        await ShotAsync(inbox, "contact-inbox-completed.png");
        await runPage.CloseAsync();
        await inbox.CloseAsync();
    }

    [Fact]
    public async Task RunPage_ReplayWithEditedData_OpensTheReplayBesideTheOriginal()
    {
        var id = await _app.StartRunAsync("checks", new { contactId = "c-17", data = new { ok = false } });
        var page = await OpenAsync($"/runs/{id}");
        Assert.Equal("Failed", await page.Locator(".run-header .status-pill").GetAttributeAsync("data-status"));

        await page.Locator("[data-field=replay-run]").ClickAsync();
        await page.Locator("[data-field=replay-edited]").ClickAsync();
        var editor = page.Locator("textarea[data-field=replay-data], [data-field=replay-data] textarea").First;
        await editor.FillAsync("{ \"ok\": tru");
        await page.Locator(".mud-input-helper-text:has-text('Not valid JSON')").WaitForAsync();
        Assert.True(await page.Locator("[data-field=replay-start]").IsDisabledAsync());
        await editor.FillAsync("{ \"ok\": true }");
        await page.Locator("[data-field=replay-start]:not([disabled])").WaitForAsync();

        var replay = await page.Context.RunAndWaitForPageAsync(() => page.Locator("[data-field=replay-start]").ClickAsync());
        await replay.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await replay.Locator(".run-header .status-pill[data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal($"/runs/{id}", await replay.Locator("[data-link=replay-of]").GetAttributeAsync("href"));
        Assert.Equal("Failed", await page.Locator(".run-header .status-pill").GetAttributeAsync("data-status"));
        Assert.NotEqual(page.Url, replay.Url);
        await ShotAsync(replay, "run-replay.png");
        await replay.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task RunPage_CancelAfterConfirmation_EndsTheWaitingRun()
    {
        var id = await StartWaitingLoanAsync();
        var page = await OpenAsync($"/runs/{id}");
        await page.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator("[data-field=cancel-run]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel run" }).ClickAsync();

        await page.Locator(".run-header .status-pill[data-status='Cancelled']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.True(await page.Locator("[data-field=cancel-run]").IsDisabledAsync());
        Assert.Equal("Cancelled", (await _app.Api.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["status"]!.GetValue<string>());
        // The audit trail names the signed-in owner, and the run page lists it under the run's activity.
        var audit = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowRuns.Web.Access.AuditTrail>(_app.Factory.Services)
            .ListAsync(new(RunId: id));
        var entry = Assert.Single(audit, e => e.Action == FlowRuns.Web.Access.AuditActions.Cancel);
        Assert.Equal(TestAccess.OwnerEmail, entry.Actor);
        await page.ReloadAsync();
        await page.Locator("[data-action='run.cancelled']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.CloseAsync();
    }
}
