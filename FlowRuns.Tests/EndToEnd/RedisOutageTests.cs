using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Several nodes while Redis is away: runs are taken and walked as ever (the store is the truth), the nodes say they are
/// degraded, a run page says it is not live instead of silently going stale — and when Redis is back, the page is live
/// again and shows what happened meanwhile.
/// </summary>
[Collection(BrowserCollection.Name)]
public class RedisOutageTests(BrowserFixture browser) : IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task RedisGoesAway_RunsGoOn_ThePageSaysNotLive_AndCatchesUpWhenItIsBack()
    {
        _nodes = await TwoNodes.StartAsync(postgres: true);
        var (a, b) = (_nodes.A, _nodes.B);
        (await b.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("wait-go",
            [new { id = "wait", type = "wait", label = "Wait for go", @event = "go" }, new { id = "done", type = "end", label = "Done" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "done", when = "event" }])))).EnsureSuccessStatusCode();
        (await b.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("quick",
            [new { id = "note", type = "set", label = "Note", assign = new Dictionary<string, string> { ["seen"] = "true" } }, new { id = "done", type = "end", label = "Done" }],
            [new { from = "start", to = "note" }, new { from = "note", to = "done" }])))).EnsureSuccessStatusCode();
        (await b.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana" })).EnsureSuccessStatusCode();
        (await b.Http.PutAsJsonAsync("/api/contacts/c-2", new { name = "Ben" })).EnsureSuccessStatusCode();
        // Both walked by B: Ana's goes on during the outage, Ben's after it.
        var ana = await StartAsync(b, "wait-go", "c-1");
        var ben = await StartAsync(b, "wait-go", "c-2");
        await a.WaitForRunStatusAsync(ana, "Waiting");
        await a.WaitForRunStatusAsync(ben, "Waiting");

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        try
        {
            var anaPage = await context.NewPageAsync();
            await BrowserSignIn.SignInAsync(anaPage, a.BaseUrl, AppProcess.OwnerEmail, AppProcess.OwnerPassword);
            var benPage = await context.NewPageAsync();
            foreach (var (page, id) in new[] { (anaPage, ana), (benPage, ben) })
            {
                await page.GotoAsync($"{a.BaseUrl}/runs/{id}");
                await page.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                await page.Locator(".flow-canvas[data-ready=yes] .flow-node[data-node-id='wait'][data-status='Waiting']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            }

            await _nodes.Redis.StopAsync();

            // The pages say so, rather than showing runs that silently stop changing.
            await anaPage.Locator("[data-live=off]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await benPage.Locator("[data-live=off]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var health = await a.Http.GetAsync("/healthz");
            var report = (await health.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded, still taking work
            Assert.Equal("Degraded", report["status"]!.GetValue<string>());
            Assert.Equal("Degraded", report["checks"]!["redis"]!["status"]!.GetValue<string>());
            Assert.Contains("Redis is unreachable", report["checks"]!["redis"]!["description"]!.GetValue<string>());

            // Runs go on through both nodes: Ana's event resumes her run, new runs start and end.
            using (var go = await b.Http.PostAsJsonAsync("/api/events", new { contactId = "c-1", name = "go" }))
                Assert.True(go.IsSuccessStatusCode, $"POST /api/events answered {(int)go.StatusCode}: {await go.Content.ReadAsStringAsync()}");
            var quick = new List<string>();
            for (var i = 0; i < 10; i++) quick.Add(await StartAsync(i % 2 == 0 ? a : b, "quick", "c-1"));
            await a.WaitForRunStatusAsync(ana, "Completed");
            foreach (var id in quick) await b.WaitForRunStatusAsync(id, "Completed");

            await _nodes.Redis.StartAgainAsync();

            // What happened meanwhile is on Ana's page (re-read), without a reload; Ben's page is live again…
            await anaPage.Locator(".flow-node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await Assertions.Expect(anaPage.Locator("[data-field=notice]")).ToContainTextAsync("re-read");
            await benPage.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var healthy = (await a.Http.GetFromJsonAsync<JsonObject>("/healthz"))!;
            Assert.Equal("Healthy", healthy["checks"]!["redis"]!["status"]!.GetValue<string>());

            // …and repaints as B walks Ben's run on.
            using (var go = await b.Http.PostAsJsonAsync("/api/events", new { contactId = "c-2", name = "go" }))
                Assert.True(go.IsSuccessStatusCode, $"POST /api/events answered {(int)go.StatusCode}");
            // (B's own link may come back a moment after A's: what B walks meanwhile reaches the page when it does.)
            await benPage.Locator(".flow-node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await anaPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-page-after-redis-came-back.png") });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task<string> StartAsync(AppProcess node, string flow, string contact)
    {
        using var started = await node.Http.PostAsJsonAsync($"/api/flows/{flow}/runs", new { contactId = contact });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"starting {flow} answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
