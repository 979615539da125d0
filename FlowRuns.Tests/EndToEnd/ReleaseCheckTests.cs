using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Events;
using FlowRuns.Engine.Execution;
using Microsoft.Extensions.DependencyInjection;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Demo;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// QA after a release, in Chromium: <c>savings-nudge</c> v2 routes by tier through a switch (and forgot the bronze edge);
/// 200 customers run across both versions. The Failures tab, the Paths tab (counts and the before/after shares) and the
/// Versions tab (figures and the graph diff) show what the API says.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ReleaseCheckTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    /// <summary>v2: the balance check becomes a switch on the customer's tier (gold → investment card, silver → savings push; no bronze edge), the quiet hours gone.</summary>
    private static JsonObject VersionTwo()
    {
        var v1 = FlowJson.ToJson(DemoFlows.Load().Single(f => f.Key == "savings-nudge"));
        var nodes = v1["nodes"]!.AsArray();
        foreach (var node in nodes.ToList())
            if (node!["id"]!.GetValue<string>() is "high-balance" or "quiet-hours") nodes.Remove(node);
        nodes.Add(new JsonObject { ["id"] = "tier", ["type"] = "switch", ["label"] = "Customer tier", ["on"] = "%{tier}", ["cases"] = new JsonArray("gold", "silver", "bronze") });
        v1["edges"] = new JsonArray(
            new JsonObject { ["from"] = "start", ["to"] = "tier" },
            new JsonObject { ["from"] = "tier", ["when"] = "gold", ["to"] = "invest-card" },
            new JsonObject { ["from"] = "tier", ["when"] = "silver", ["to"] = "save-push" },
            new JsonObject { ["from"] = "invest-card", ["to"] = "done" },
            new JsonObject { ["from"] = "save-push", ["to"] = "done" });
        return v1;
    }

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync(seedDemo: false);
        // Every run's end is a committed change on the engine's stream: the setup waits for 200 of them, not for time.
        using var changes = _app.Factory.Services.GetRequiredService<IRunEventStream>().Subscribe();
        (await _app.Api.PostAsJsonAsync("/api/flows", FlowJson.ToJson(DemoFlows.Load().Single(f => f.Key == "savings-nudge")))).EnsureSuccessStatusCode();
        for (var i = 0; i < 10; i++)
            (await _app.Api.PutAsJsonAsync($"/api/contacts/s-{i}", new { name = $"Saver {i}", attributes = new { firstName = $"S{i}" } })).EnsureSuccessStatusCode();
        // v1: every customer above 10k gets the investment card.
        for (var i = 0; i < 100; i++) await _app.StartRunAsync("savings-nudge", new { contactId = $"s-{i % 10}", data = new { balance = 20_000 } });
        (await _app.Api.PostAsJsonAsync("/api/flows", VersionTwo())).EnsureSuccessStatusCode();
        // v2: 50 gold, 35 silver, 15 bronze (no edge: MISSING_BRANCH).
        for (var i = 0; i < 100; i++)
            await _app.StartRunAsync("savings-nudge", new { contactId = $"s-{i % 10}", data = new { tier = i < 50 ? "gold" : i < 85 ? "silver" : "bronze" } });
        var ended = new HashSet<Guid>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (ended.Count < 200)
                if (await changes.Reader.ReadAsync(patience.Token) is RunChanged { FlowKey: "savings-nudge", Status: RunStatus.Completed or RunStatus.Failed } change)
                    ended.Add(change.RunId);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Only {ended.Count} of the 200 runs ended within 30 s (changes dropped: {changes.Dropped}).");
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FailuresPathsAndTheVersionComparison_ShowWhatTheApiSays()
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });

        // Failures: one group, v2's switch without a bronze edge.
        var failures = (await _app.Api.GetFromJsonAsync<JsonArray>("/api/failures?flow=savings-nudge"))!;
        var group = Assert.Single(failures)!;
        Assert.Equal(("tier", "MISSING_BRANCH", 15), (group["nodeId"]!.GetValue<string>(), group["errorCode"]!.GetValue<string>(), group["count"]!.GetValue<int>()));
        await page.GotoAsync(_app.BaseUrl + "/flows/savings-nudge?tab=failures");
        var failureRow = page.Locator("[data-interactive=yes] .failure-row");
        await failureRow.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(1, await failureRow.CountAsync());
        Assert.Equal(("2", "tier", "15"), (await failureRow.GetAttributeAsync("data-version"), await failureRow.GetAttributeAsync("data-node-id"), await failureRow.GetAttributeAsync("data-count")));

        // Paths of v2 beside v1's: three paths, and the shares of each edge before and after.
        var api = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/flows/savings-nudge/paths?compare=1"))!;
        var groups = api["paths"]!["groups"]!.AsArray();
        Assert.Equal([50, 35, 15], groups.Select(g => g!["count"]!.GetValue<int>()));
        await page.GotoAsync(_app.BaseUrl + "/flows/savings-nudge?tab=paths&compare=1");
        var rows = page.Locator("[data-interactive=yes] .path-row");
        await rows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(groups.Select(g => g!["pathId"]!.ToString()), await Task.WhenAll(Enumerable.Range(0, groups.Count).Select(i => rows.Nth(i).GetAttributeAsync("data-path-id")!)));
        Assert.Equal(groups.Select(g => g!["count"]!.ToString()), await Task.WhenAll(Enumerable.Range(0, groups.Count).Select(i => rows.Nth(i).GetAttributeAsync("data-count")!)));
        var canvas = page.Locator(".flow-canvas[data-ready=yes]");
        await canvas.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        foreach (var node in api["paths"]!["nodeRuns"]!.AsObject())
            Assert.Equal(node.Value!.ToString(), await canvas.Locator($".flow-node[data-node-id='{node.Key}']").GetAttributeAsync("data-reached"));
        // v1 sent everyone to the investment card; v2 half of them.
        Assert.Equal("100 % → 50 %", await canvas.Locator("g.edge[data-from='invest-card'] .edge-count text").TextContentAsync());
        Assert.Equal("new: 50 %", await canvas.Locator("g.edge[data-from='tier'][data-port='gold'] .edge-count text").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "release-paths.png"), FullPage = true });

        // Versions: the figures of both, and the diff painted on one canvas.
        var figures = (await _app.Api.GetFromJsonAsync<JsonArray>("/api/flows/savings-nudge/versions"))!;
        var diff = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/flows/savings-nudge/versions/1/diff/2"))!;
        await page.GotoAsync(_app.BaseUrl + "/flows/savings-nudge?tab=versions");
        await page.Locator("[data-interactive=yes] [data-field=versions] tr[data-version]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        foreach (var version in figures)
        {
            var row = page.Locator($"[data-field=versions] tr[data-version='{version!["version"]}']");
            Assert.Equal(version["runs"]!.GetValue<long>().ToString("N0"), (await row.Locator("[data-field=runs]").TextContentAsync())!.Trim());
            Assert.Equal(version["failed"]!.GetValue<long>() == 0 ? "0.0 %" : (15.0 / 100).ToString("P1"), (await row.Locator("[data-field=failure-rate]").TextContentAsync())!.Trim());
        }
        var diffCanvas = page.Locator(".flow-canvas[data-ready=yes]");
        await diffCanvas.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        foreach (var added in diff["addedNodes"]!.AsArray())
            Assert.Equal("Added", await diffCanvas.Locator($".flow-node[data-node-id='{added!["id"]}']").GetAttributeAsync("data-status"));
        foreach (var removed in diff["removedNodes"]!.AsArray())
            Assert.Equal("Removed", await diffCanvas.Locator($".flow-node[data-node-id='{removed!["id"]}']").GetAttributeAsync("data-status"));
        Assert.Equal(["tier"], diff["addedNodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal(diff["addedEdges"]!.AsArray().Count, await diffCanvas.Locator("g.edge[data-change=added]").CountAsync());
        Assert.Equal(diff["removedEdges"]!.AsArray().Count, await diffCanvas.Locator("g.edge[data-change=removed]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "release-versions.png"), FullPage = true });
        await page.CloseAsync();
    }
}
