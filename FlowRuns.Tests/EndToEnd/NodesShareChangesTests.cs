using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Two nodes over one store and one Redis: what one node changes — a contact, a flow's status — is what the other uses
/// for its next run, not a copy it cached earlier; a cancel asked of one stops the run the other walks. (Each node's own
/// fallbacks — re-reading flows and looking for cancel requests — come only every half lease, set to five minutes here,
/// and a cached contact lives a minute: without the change feed every check here would time out.)
/// </summary>
public class NodesShareChangesTests : IAsyncLifetime
{
    private TwoNodes _nodes = null!;
    private LocalHttpServer _crm = null!;

    public async Task InitializeAsync()
    {
        _crm = await LocalHttpServer.StartAsync();
        _nodes = await TwoNodes.StartAsync("--FlowRuns:LeaseDuration=00:10:00", "--FlowRuns:Http:AllowedHosts:0=127.0.0.1"); // the CRM is on loopback
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        await _crm.DisposeAsync();
    }

    [Fact]
    public async Task ACancelAskedOfNodeA_StopsTheRunNodeBIsWalking_InTheStepItIsIn()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        (await b.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("crm-call",
            [
                new { id = "call", type = "http", label = "Call the CRM", method = "POST", url = _crm.BaseUrl + "/callback", timeout = "PT1M" },
                new { id = "done", type = "end", label = "Done" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "done" }])))).EnsureSuccessStatusCode();
        (await b.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana" })).EnsureSuccessStatusCode();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _crm.OnCallback = async () =>
        {
            called.TrySetResult();
            await answer.Task;
        };
        try
        {
            // Walked by B, which stays in the CRM call (it answers only when the test ends).
            using var started = await b.Http.PostAsJsonAsync("/api/flows/crm-call/runs", new { contactId = "c-1" });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            await called.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            HttpResponseMessage cancelled;
            try
            {
                cancelled = await a.Http.PostAsJsonAsync($"/api/runs/{id}/cancel", new { }, patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The cancel asked of node A did not stop the run node B walks within 30 s (B looks in the store on its own only every five minutes here).");
                throw;
            }
            using (cancelled)
                Assert.True(cancelled.IsSuccessStatusCode, $"cancel answered {(int)cancelled.StatusCode}: {await cancelled.Content.ReadAsStringAsync()}");
            var run = await a.WaitForRunStatusAsync(id, "Cancelled");
            Assert.Equal("Cancelled", run["steps"]!.AsArray().Single(s => s!["nodeId"]!.GetValue<string>() == "call")!["status"]!.GetValue<string>());
        }
        finally
        {
            answer.TrySetResult();
        }
    }

    [Fact]
    public async Task AContactUpdatedAndAFlowPausedOnNodeA_AreWhatNodeBUsesForItsNextRun()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        (await a.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("segments",
            [
                new { id = "note", type = "set", label = "Note", assign = new Dictionary<string, string> { ["seen"] = "%{customerSegment}" } },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "note" }, new { from = "note", to = "e" }])))).EnsureSuccessStatusCode();
        (await a.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana", attributes = new { customerSegment = "basic" } })).EnsureSuccessStatusCode();

        // B reads (and caches) the contact and the flow by walking a run.
        Assert.Equal("basic", await SeenByRunOnAsync(b));

        (await a.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana", attributes = new { customerSegment = "premium" } })).EnsureSuccessStatusCode();
        await WithinAsync(async () => (await b.Http.GetFromJsonAsync<JsonObject>("/api/contacts/c-1"))!["attributes"]!["customerSegment"]!.GetValue<string>() == "premium",
            "node B to see the contact node A updated");
        Assert.Equal("premium", await SeenByRunOnAsync(b));

        (await a.Http.PostAsJsonAsync("/api/flows/segments/pause", new { })).EnsureSuccessStatusCode();
        await WithinAsync(async () =>
        {
            using var refused = await b.Http.PostAsJsonAsync("/api/flows/segments/runs", new { contactId = "c-1" });
            return refused.StatusCode == HttpStatusCode.Conflict;
        }, "node B to refuse runs of the flow node A paused");
    }

    /// <summary>Starts a run on <paramref name="node"/>, waits for it to end there, and returns what it saw of the contact.</summary>
    private static async Task<string> SeenByRunOnAsync(AppProcess node)
    {
        using var started = await node.Http.PostAsJsonAsync("/api/flows/segments/runs", new { contactId = "c-1" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        JsonObject run = null!;
        await WithinAsync(async () => (run = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!)["status"]!.GetValue<string>() == "Completed",
            $"run {id} to complete");
        return run["steps"]!.AsArray().Single(s => s!["nodeId"]!.GetValue<string>() == "note")!["output"]!["seen"]!.GetValue<string>();
    }

    /// <summary>Polls <paramref name="condition"/> for at most 5 s — a tenth of how long the nodes' own fallbacks take.</summary>
    private static async Task WithinAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 5 s for {what}.");
            await Task.Delay(20);
        }
    }
}
