using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Two app nodes over one store and one Redis (<c>FlowRuns:Redis</c>, the SignalR backplane): a hub client connected to
/// node A sees every step of the runs node B walks, in order — without the backplane it would see none of them.
/// </summary>
public class NodesShareLiveTests : IAsyncLifetime
{
    private TwoNodes _nodes = null!;
    private AppProcess _a = null!;
    private AppProcess _b = null!;

    public async Task InitializeAsync()
    {
        _nodes = await TwoNodes.StartAsync();
        (_a, _b) = (_nodes.A, _nodes.B);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task AWatcherOnNodeA_ReceivesEveryStepOfTheRunsNodeBWalks_InOrder()
    {
        (await _b.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("relay",
            [
                new { id = "a", type = "set", label = "A", assign = new Dictionary<string, string> { ["x"] = "1" } },
                new { id = "b", type = "set", label = "B", assign = new Dictionary<string, string> { ["y"] = "2" } },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "a" }, new { from = "a", to = "b" }, new { from = "b", to = "e" }])))).EnsureSuccessStatusCode();
        (await _b.Http.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana" })).EnsureSuccessStatusCode();

        var received = new List<(string Method, RunChange Change)>();
        var everyRunEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int runs = 20;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(_a.BaseUrl + "/hubs/runs", options => options.AccessTokenProvider = () => Task.FromResult<string?>(AppProcess.OwnerKey))
            .Build();
        foreach (var method in new[] { "StepChanged", "RunChanged", "EventAdded" })
            hub.On<RunChange>(method, change =>
            {
                lock (received)
                {
                    received.Add((method, change));
                    if (received.Count(r => r.Method == "RunChanged" && r.Change.Status == "Completed") == runs) everyRunEnded.TrySetResult();
                }
            });
        await hub.StartAsync();
        await hub.InvokeAsync("WatchWorkspace");

        // Started through B: B walks them (a start walks its run where it was accepted; nothing here waits or sleeps).
        var ids = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            using var response = await _b.Http.PostAsJsonAsync("/api/flows/relay/runs", new { contactId = "c-1" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }

        var ended = await Task.WhenAny(everyRunEnded.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        List<(string Method, RunChange Change)> all;
        lock (received) all = [.. received];
        Assert.True(ended == everyRunEnded.Task,
            $"node A's watcher saw {all.Count(r => r.Method == "RunChanged" && r.Change.Status == "Completed")} of {runs} runs end ({all.Count} changes in all)");
        foreach (var id in ids)
        {
            var mine = all.Where(r => r.Change.RunId == id).ToList();
            Assert.Equal(["start", "a", "b", "e"], mine.Where(r => r.Method == "StepChanged").Select(r => r.Change.NodeId!));
            var sequences = mine.Select(r => r.Change.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count), sequences); // every change, in order, none twice
            var run = (await _a.Http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;
            Assert.Equal(run["sequence"]!.GetValue<int>(), sequences[^1]);
        }
    }
}
