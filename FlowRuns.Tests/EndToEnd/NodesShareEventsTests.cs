using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Two nodes over one store: a customer's event that reaches node B resumes the run node A started and left waiting —
/// whichever node the load balancer sends the event to.
/// </summary>
public class NodesShareEventsTests : IAsyncLifetime
{
    private TwoNodes? _nodes;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnEventPostedToNodeB_ResumesTheRunsNodeAStarted(bool postgres)
    {
        _nodes = await TwoNodes.StartAsync(postgres);
        var (a, b) = (_nodes.A, _nodes.B);
        (await a.Http.PostAsJsonAsync("/api/flows", Json.Flow("card",
            [new { id = "wait", type = "wait", label = "Wait", @event = "go" }, new { id = "done", type = "end", label = "Done" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "done", when = "event" }]))).EnsureSuccessStatusCode();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            (await a.Http.PutAsJsonAsync($"/api/contacts/c-{i}", new { name = $"C{i}" })).EnsureSuccessStatusCode();
            using var started = await a.Http.PostAsJsonAsync("/api/flows/card/runs", new { contactId = $"c-{i}" });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            ids.Add((await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }
        foreach (var id in ids) await WaitForStatusAsync(a, id, "Waiting");

        for (var i = 0; i < ids.Count; i++)
        {
            using var posted = await b.Http.PostAsJsonAsync("/api/events", new { contactId = $"c-{i}", name = "go" });
            var body = await posted.Content.ReadFromJsonAsync<JsonObject>();
            Assert.True(posted.StatusCode == HttpStatusCode.Accepted, body?.ToJsonString());
            // Resumed or queued for the run: either way B has committed the event for it.
            Assert.Contains(ids[i], body!["resumed"]!.AsArray().Concat(body["queued"]!.AsArray()).Select(n => n!.GetValue<string>()));
        }
        foreach (var id in ids)
        {
            var run = await WaitForStatusAsync(a, id, "Completed");
            Assert.Equal(["start", "wait", "done"], run["steps"]!.AsArray().Select(s => s!["nodeId"]!.GetValue<string>()));
        }
    }

    private static async Task<JsonObject> WaitForStatusAsync(AppProcess node, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
            if (run["status"]!.GetValue<string>() == status) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {id} is {run["status"]}, not {status}: {run.ToJsonString()}");
            await Task.Delay(20);
        }
    }
}
