using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// QA after a release, in Chromium: runs of two versions, some failing two ways; the Failures tab shows the groups the
/// API gives, a group's count opens the run list filtered to exactly those runs, whose rows say why they failed, and a
/// click on an error code narrows the list by it; the Paths tab counts the paths and edges the API counts, with the
/// version before beside, and a path opens with its latest runs.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FailuresPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    private static object Flow(bool silverEdge)
    {
        var edges = new List<object>
        {
            new { from = "start", to = "bad" }, new { from = "bad", when = "true", to = "refuse" }, new { from = "bad", when = "false", to = "route" },
            new { from = "route", when = "gold", to = "done" },
        };
        if (silverEdge) edges.Add(new { from = "route", when = "silver", to = "done" });
        return Json.Flow("tiers",
            [
                new { id = "bad", type = "condition", label = "Bad customer?", expression = "%{bad} == true" },
                new { id = "refuse", type = "stopError", label = "Refuse", message = "refused: bad customer" },
                new { id = "route", type = "switch", label = "Route by tier", on = "%{tier}", cases = new[] { "gold", "silver" } },
                new { id = "done", type = "end", label = "Done" },
            ], edges.ToArray());
    }

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync(seedDemo: false);
        (await _app.Api.PutAsJsonAsync("/api/contacts/q-1", new { name = "Quinn Tester" })).EnsureSuccessStatusCode();
        (await _app.Api.PostAsJsonAsync("/api/flows", Flow(silverEdge: false))).EnsureSuccessStatusCode();
        foreach (var (tier, bad, count) in new[] { ("silver", false, 5), ("gold", true, 2), ("gold", false, 3) })
            for (var i = 0; i < count; i++) await _app.StartRunAsync("tiers", new { contactId = "q-1", data = new { tier, bad } });
        (await _app.Api.PostAsJsonAsync("/api/flows", Flow(silverEdge: true))).EnsureSuccessStatusCode();
        for (var i = 0; i < 4; i++) await _app.StartRunAsync("tiers", new { contactId = "q-1", data = new { tier = "silver", bad = false } });
        await _app.StartRunAsync("tiers", new { contactId = "q-1", data = new { tier = "gold", bad = true } });
        // Every run has ended (a start answers once its run settled, within 2 s): wait on the store, not on time.
        for (var i = 0; i < 400; i++)
        {
            var items = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/runs?flow=tiers&limit=100"))!["items"]!.AsArray();
            if (items.Count == 15 && items.All(r => r!["endedAt"] is not null)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The 15 runs did not all end.");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheFailuresTab_ShowsWhatTheApiSays_AndLeadsToTheRunsThatFailed()
    {
        var api = (await _app.Api.GetFromJsonAsync<JsonArray>("/api/failures?flow=tiers"))!;
        Assert.Equal(3, api.Count);

        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(_app.BaseUrl + "/flows/tiers?tab=failures");
        var rows = page.Locator("[data-interactive=yes] .failure-row");
        await rows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(api.Count, await rows.CountAsync());
        for (var i = 0; i < api.Count; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(api[i]!["version"]!.ToString(), await row.GetAttributeAsync("data-version"));
            Assert.Equal(api[i]!["nodeId"]!.GetValue<string>(), await row.GetAttributeAsync("data-node-id"));
            Assert.Equal(api[i]!["errorCode"]!.GetValue<string>(), await row.GetAttributeAsync("data-code"));
            Assert.Equal(api[i]!["count"]!.ToString(), await row.GetAttributeAsync("data-count"));
        }
        // The newest group is selected and painted on its version's graph.
        await page.Locator(".flow-canvas[data-ready=yes] .flow-node[data-node-id='refuse'][data-status=Failed]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var missing = page.Locator(".failure-row[data-code=MISSING_BRANCH]");
        await missing.ClickAsync();
        await page.Locator(".flow-node[data-node-id='route'][data-status=Failed]").WaitForAsync();
        Assert.Contains("5 runs", await page.Locator(".flow-node[data-node-id='route'] .node-error").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "failures-tab.png") });

        // The group's count: the run list of exactly those runs, each saying where and why.
        await page.NavigatesAsync(() => missing.Locator("[data-field=group-runs]").ClickAsync(), url => url.Contains("/runs?") && url.Contains("errorCode=MISSING_BRANCH"));
        var runRows = page.Locator("[data-interactive=yes] tr.run-row[data-run-id]");
        await runRows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.Locator("[data-field=run-table][data-rows='5']").WaitForAsync();
        Assert.Equal(5, await runRows.CountAsync());
        Assert.Contains("Route by tier", await runRows.First.Locator("[data-field=step]").TextContentAsync());
        Assert.Contains("MISSING_BRANCH", await runRows.First.Locator("[data-field=why]").TextContentAsync());
        Assert.Equal("Quinn Tester", (await runRows.First.Locator("[data-field=contact]").TextContentAsync())!.Trim());

        // Every failed run; a click on a code narrows the list to it, as a chip in the URL.
        await page.GotoAsync(_app.BaseUrl + "/runs?status=Failed");
        await page.Locator("[data-interactive=yes] [data-field=run-table][data-rows='8']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.Locator("tr.run-row[data-run-id] [data-field=why] button", new PageLocatorOptions { HasText = "STOP_ERROR" }).First.ClickAsync();
        // The list narrows in place (the URL changes without a page load): wait for the chip, then read the URL.
        await page.Locator("[data-active-filter=errorCode]").WaitForAsync();
        Assert.Contains("errorCode=STOP_ERROR", page.Url);
        await page.Locator("[data-field=run-table][data-rows='3']").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "runs-why.png") });
        await page.CloseAsync();
    }

    [Fact]
    public async Task ThePathsTab_CountsWhatTheApiCounts_ComparesWithTheVersionBefore_AndOpensAPathWithItsRuns()
    {
        var api = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/flows/tiers/paths?compare=1"))!;
        var groups = api["paths"]!["groups"]!.AsArray();
        Assert.Equal((2, 5), (api["paths"]!["version"]!.GetValue<int>(), api["paths"]!["runs"]!.GetValue<int>()));
        Assert.Equal(2, groups.Count);

        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(_app.BaseUrl + "/flows/tiers?tab=paths&compare=1");
        var rows = page.Locator("[data-interactive=yes] .path-row");
        await rows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(groups.Count, await rows.CountAsync());
        for (var i = 0; i < groups.Count; i++)
        {
            Assert.Equal(groups[i]!["pathId"]!.ToString(), await rows.Nth(i).GetAttributeAsync("data-path-id"));
            Assert.Equal(groups[i]!["count"]!.ToString(), await rows.Nth(i).GetAttributeAsync("data-count"));
        }
        Assert.Contains("Route by tier [silver]", await rows.First.TextContentAsync());

        // Every node with the runs that reached it; the silver edge is new in v2 (v1 sent nobody along it).
        var canvas = page.Locator(".flow-canvas[data-ready=yes]");
        await canvas.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(api["paths"]!["nodeRuns"]!["route"]!.ToString(), await canvas.Locator(".flow-node[data-node-id='route']").GetAttributeAsync("data-reached"));
        var silver = canvas.Locator("g.edge[data-from='route'][data-port='silver']");
        Assert.Equal("4", await silver.GetAttributeAsync("data-runs"));
        Assert.Equal("new: 80 %", await silver.Locator(".edge-count text").TextContentAsync());
        Assert.Contains("unused", await canvas.Locator("g.edge[data-from='route'][data-port='gold']").GetAttributeAsync("class"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "paths-tab.png"), FullPage = true });

        // A path: painted on the graph, its latest runs listed (and the URL says which).
        await rows.First.ClickAsync();
        await page.Locator("[data-field=path-runs] tr[data-run-id]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains($"path={groups[0]!["pathId"]}", page.Url);
        Assert.Equal(4, await page.Locator("[data-field=path-runs] tr[data-run-id]").CountAsync());
        await canvas.Locator(".flow-node[data-node-id='done'][data-status=Completed]").WaitForAsync();
        Assert.Equal("NotReached", await canvas.Locator(".flow-node[data-node-id='refuse']").GetAttributeAsync("data-status"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task APathsRuns_AreSpotCheckedOneByOne_TwoPickedRunsAreCompared_AndAnEndedRunPlaysBack()
    {
        var groups = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/flows/tiers/paths"))!["paths"]!["groups"]!.AsArray();
        var top = groups[0]!;
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });

        // Spot-check: the path's latest runs one after another, one marked checked, remembered on the Paths tab.
        await page.GotoAsync(_app.BaseUrl + $"/flows/tiers?tab=paths&path={top["pathId"]}");
        await page.Locator("[data-interactive=yes] [data-action=review-path]").ClickAsync(new LocatorClickOptions { Timeout = 15_000 });
        var bar = page.Locator("[data-field=review-bar]");
        await page.Locator($"[data-field=review-bar][data-position='1'][data-count='{top["count"]}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.Locator("[data-interactive=yes] [data-field=review-bar] input[type=checkbox]").CheckAsync();
        await page.Locator("[data-field=review-bar][data-checked='1']").WaitForAsync();
        Assert.Equal("Quinn Tester", (await page.Locator("[data-field=contact]").TextContentAsync())!.Trim()); // the contact by name, id on hover
        Assert.Equal("q-1", await page.Locator("[data-field=contact]").GetAttributeAsync("title"));
        // The whole id is one click from the clipboard; the lists show its distinguishing end, which the lookup finds.
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var reviewedId = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        await page.Locator("[data-action=copy-run-id]").ClickAsync();
        await page.Locator("[data-action=copy-run-id][title=Copied]").WaitForAsync();
        Assert.Equal(reviewedId, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var first = new Uri(page.Url).AbsolutePath;
        await bar.Locator("[data-action=review-next]").ClickAsync();
        await page.Locator("[data-field=review-bar][data-position='2'][data-checked='1']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.NotEqual(first, new Uri(page.Url).AbsolutePath);
        await page.GotoAsync(_app.BaseUrl + $"/flows/tiers?tab=paths&path={top["pathId"]}");
        await page.Locator("[data-interactive=yes] [data-field=path-runs] tr[data-checked=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(1, await page.Locator("[data-field=path-runs] tr[data-checked=yes]").CountAsync());
        Assert.Equal(first, new Uri(_app.BaseUrl + await page.Locator("[data-field=path-runs] tr[data-checked=yes] a").GetAttributeAsync("href")).AbsolutePath);

        // Two runs picked in the run list open side by side.
        await page.GotoAsync(_app.BaseUrl + "/runs?flow=tiers");
        var rows = page.Locator("[data-interactive=yes] tr.run-row[data-run-id]");
        await rows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var (a, b) = (await rows.Nth(0).GetAttributeAsync("data-run-id"), await rows.Nth(5).GetAttributeAsync("data-run-id"));
        Assert.Equal("…" + a![^10..], (await rows.Nth(0).Locator("[data-field=run-link]").TextContentAsync())!.Trim());
        await rows.Nth(0).Locator("[data-field=compare-pick]").CheckAsync();
        await rows.Nth(5).Locator("[data-field=compare-pick]").CheckAsync();
        await page.NavigatesAsync(() => page.Locator("[data-action=compare-picked]").ClickAsync(), url => url.Contains($"/runs/{a}/compare/{b}"));
        await page.Locator("[data-field=compare-steps]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        // The end a list shows, pasted into the lookup, opens the run.
        var lookup = await _app.NewSignedInPageAsync(browser.Browser);
        await lookup.GotoAsync(_app.BaseUrl + "/lookup");
        var field = lookup.Locator("[data-interactive=yes] #run-id");
        await field.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await field.PressSequentiallyAsync(b![^10..]);
        await lookup.Locator("#find-run").ClickAsync();
        try
        {
            await lookup.Locator($"[data-field=run-id]:has-text('{b}')").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The lookup of {b![^10..]} did not open the run; the page says: {await lookup.Locator("main, body").First.InnerTextAsync()}");
        }
        Assert.EndsWith($"/runs/{b}", lookup.Url);
        await lookup.CloseAsync();

        // Playback: the scrubber paints the run as it stood after one step, and the end paints it whole.
        await page.GotoAsync(_app.BaseUrl + $"/runs/{a}");
        var scrubber = page.Locator("[data-interactive=yes] [data-field=playback] input[type=range]");
        await scrubber.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var steps = int.Parse((await scrubber.GetAttributeAsync("max"))!);
        await scrubber.FillAsync("1");
        await page.Locator("[data-field=playback][data-frame='1']").WaitForAsync();
        await page.Locator(".flow-canvas .flow-node[data-status=Running]").WaitForAsync();
        Assert.Contains($"step 1 of {steps}", await page.Locator("[data-field=playback-label]").TextContentAsync());
        await page.Locator("[data-speed='10']").ClickAsync();
        await page.Locator("[data-action=play]").ClickAsync();
        await page.Locator($"[data-field=playback][data-frame='{steps}'][data-playing=no]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(0, await page.Locator(".flow-canvas .flow-node[data-status=Running]").CountAsync());
        await page.CloseAsync();
    }
}
