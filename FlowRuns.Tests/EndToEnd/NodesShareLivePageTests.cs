using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// The run page served by node A repaints live while node B walks the run (two nodes, one store, the Redis backplane):
/// B holds the run in an http step until the page on A is open and live, then walks it to its end.
/// </summary>
[Collection(BrowserCollection.Name)]
public class NodesShareLivePageTests(BrowserFixture browser) : IAsyncLifetime
{
    private LocalHttpServer _crm = null!;
    private TwoNodes _nodes = null!;
    private AppProcess _a = null!;
    private AppProcess _b = null!;

    public async Task InitializeAsync() => _crm = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
        await _crm.DisposeAsync();
    }

    /// <param name="postgres">the store: one SQLite file, or a PostgreSQL database (the deployment several machines use).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheRunPageOnNodeA_Repaints_AsNodeBWalksTheRun(bool postgres)
    {
        _nodes = await TwoNodes.StartAsync(postgres, "--FlowRuns:Http:AllowedHosts:0=127.0.0.1"); // the CRM is on loopback
        (_a, _b) = (_nodes.A, _nodes.B);
        (await _b.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("crm-call",
            [
                new { id = "call", type = "http", label = "Call the CRM", method = "POST", url = _crm.BaseUrl + "/callback", timeout = "PT1M" },
                new { id = "after", type = "set", label = "Note it", assign = new Dictionary<string, string> { ["noted"] = "true" } },
                new { id = "done", type = "end", label = "Done" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "after" }, new { from = "after", to = "done" }])))).EnsureSuccessStatusCode();
        (await _b.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana" })).EnsureSuccessStatusCode();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _crm.OnCallback = async () =>
        {
            called.TrySetResult();
            await answer.Task;
        };

        // Started through B, so B walks it; it stops in the CRM call until the test answers.
        using var started = await _b.Http.PostAsJsonAsync("/api/flows/crm-call/runs", new { contactId = "c-1" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await called.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        try
        {
            await BrowserSignIn.SignInAsync(page, _a.BaseUrl, AppProcess.OwnerEmail, AppProcess.OwnerPassword);
            await page.GotoAsync($"{_a.BaseUrl}/runs/{id}");
            await page.Locator("[data-live=on]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await page.Locator(".flow-canvas[data-ready=yes] .flow-node[data-node-id='done'][data-status='NotReached']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            Assert.Equal("Running", await page.Locator(".flow-node[data-node-id='call']").GetAttributeAsync("data-status"));
            var navigations = 0;
            page.FrameNavigated += (_, _) => navigations++;

            answer.TrySetResult(); // B walks on: the call, the note, the end

            await page.Locator(".flow-node[data-node-id='done'][data-status='Completed']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            Assert.Equal("Completed", await page.Locator(".flow-node[data-node-id='call']").GetAttributeAsync("data-status"));
            Assert.Equal("Completed", await page.Locator(".flow-node[data-node-id='after']").GetAttributeAsync("data-status"));
            Assert.Equal(0, navigations);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "run-walked-on-another-node.png") });
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
