using System.Net.Http.Json;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Tests.Web.Live;

/// <summary>An outside client of <c>/hubs/runs</c> (the .NET SignalR client).</summary>
public class RunsHubTests : IAsyncLifetime
{
    private LiveApp _app = null!;
    private HubConnection _hub = null!;
    private readonly List<(string Method, RunChange Change)> _received = [];

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync(seedDemo: false);
        (await _app.Api.PostAsJsonAsync("/api/flows", Json.Flow("hub",
            [
                new { id = "a", type = "set", label = "A", assign = new Dictionary<string, string> { ["x"] = "1" } },
                new { id = "wait", type = "wait", label = "Wait", @event = "go" },
                new { id = "b", type = "set", label = "B", assign = new Dictionary<string, string> { ["y"] = "2" } },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "a" }, new { from = "a", to = "wait" }, new { from = "wait", to = "b", when = "event" }, new { from = "b", to = "e" }]))).EnsureSuccessStatusCode();
        (await _app.Api.PutAsJsonAsync("/api/contacts/c-1", new { name = "Ana" })).EnsureSuccessStatusCode();
        _hub = new HubConnectionBuilder().WithUrl(_app.BaseUrl + "/hubs/runs", options => options.AccessTokenProvider = () => Task.FromResult<string?>(TestAccess.OwnerKey)).Build();
        foreach (var method in new[] { "StepChanged", "RunChanged", "EventAdded" })
            _hub.On<RunChange>(method, change => { lock (_received) _received.Add((method, change)); });
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<List<(string Method, RunChange Change)>> ReceivedForAsync(string runId, Func<List<(string Method, RunChange Change)>, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            List<(string, RunChange)> mine;
            lock (_received) mine = _received.Where(r => r.Change.RunId == runId).ToList();
            if (until(mine)) return mine;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"received {mine.Count} changes for {runId}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task WatchRun_ReceivesStepChangedForEachStepInOrder_AsTheRunMovesOn()
    {
        var id = await _app.StartRunAsync("hub", new { contactId = "c-1" });
        await _hub.InvokeAsync("WatchRun", id);
        // What the watcher already knows, as a client would read it: changes at or below this sequence are old news
        // (the relay may still be delivering them when the watch begins).
        var known = (await _app.Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/runs/{id}"))!["sequence"]!.GetValue<int>();
        (await _app.Api.PostAsJsonAsync("/api/events", new { contactId = "c-1", name = "go" })).EnsureSuccessStatusCode();

        var changes = (await ReceivedForAsync(id, list => list.Any(c => c.Change.Status == "Completed" && c.Method == "RunChanged")))
            .Where(c => c.Change.Sequence > known).ToList();
        var steps = changes.Where(c => c.Method == "StepChanged").Select(c => c.Change).ToList();
        Assert.Equal([("wait", "Completed"), ("b", "Completed"), ("e", "Completed")], steps.Select(s => (s.NodeId!, s.Status!)));
        Assert.Equal([3, 4, 5], steps.Select(s => s.StepSequence!.Value));
        var sequences = changes.Select(c => c.Change.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.All(changes, c => Assert.Equal("hub", c.Change.FlowKey));
    }

    [Fact]
    public async Task WatchFlow_SeesEveryStepOfANewRun_FromItsStart()
    {
        await _hub.InvokeAsync("WatchFlow", "hub");
        var id = await _app.StartRunAsync("hub", new { contactId = "c-1" });
        var changes = await ReceivedForAsync(id, list => list.Any(c => c.Change.Status == "Waiting" && c.Method == "RunChanged"));
        Assert.Equal(["start", "a", "wait"], changes.Where(c => c.Method == "StepChanged").Select(c => c.Change.NodeId!));
        Assert.Equal(Enumerable.Range(1, changes.Count), changes.Select(c => c.Change.Sequence));
    }

    [Fact]
    public async Task OneConnection_WatchesAtMostTenThousand_TheNextWatchIsRefusedWithAReason()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Guid.CreateVersion7().ToString("N")).ToList();
        await Task.WhenAll(ids.Select(id => _hub.InvokeAsync("WatchRun", id)));
        var refused = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync("WatchRun", Guid.CreateVersion7().ToString("N")));
        Assert.Contains("MaxWatchesPerConnection", refused.Message);
        // Watching one already watched is no new watch; unwatching frees a place.
        await _hub.InvokeAsync("WatchRun", ids[0]);
        await _hub.InvokeAsync("UnwatchRun", ids[1]);
        await _hub.InvokeAsync("WatchFlow", "hub");
        await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync("WatchWorkspace"));
    }

    [Theory]
    [InlineData("WatchRun", "not-a-run")]
    [InlineData("WatchFlow", "Not A Key!")]
    public async Task AWatchOfSomethingThatIsNotAnId_IsRefused(string method, string argument)
    {
        var refused = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync(method, argument));
        Assert.Contains("HubException: Not a", refused.Message);
    }

    [Fact]
    public async Task AWatchOfAHugeId_IsRefusedByTheMessageLimit_AndTheServerStaysUp()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _hub.InvokeAsync("WatchRun", new string('a', 64 * 1024)));
        using var health = await _app.Api.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode);
    }
}
