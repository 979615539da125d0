using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>The engine stopped between two steps keeps exactly what it had committed.</summary>
public class CrashTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EngineStoppedMidRun_StoreHoldsExactlyTheCommittedSteps()
    {
        var engine = await TestEngine.StartAsync(o => o.Http.AllowedHosts = ["127.0.0.1"]);
        await engine.PublishAsync(Json.Flow("crash",
            [
                new { id = "prepare", type = "set", label = "Prepare", assign = new Dictionary<string, string> { ["ready"] = "true" } },
                new { id = "call", type = "http", label = "Call CRM", url = _server.BaseUrl + "/hang", timeout = "PT30S" },
                new { id = "notify", type = "send", label = "Notify", channel = "card", body = "done" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "prepare" }, new { from = "prepare", to = "call" }, new { from = "call", to = "notify" }, new { from = "notify", to = "e" }]));
        await engine.CreateContactAsync("c-1");
        var execution = await engine.Engine.StartAsync(new StartRunRequest("crash", RunTrigger.Api) { ContactId = "c-1" });
        await _server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await engine.DisposeAsync(); // the host goes away while the HTTP call is in flight

        var restarted = await engine.ReopenAsync(o => o.Http.AllowedHosts = ["127.0.0.1"]);
        try
        {
            var run = await restarted.GetAsync(execution.Id);
            Assert.Equal(["start", "prepare", "call"], run.Steps.Select(s => s.NodeId));
            Assert.Equal(["Completed", "Completed", "Running"], run.Steps.Select(s => s.Status));
            Assert.Equal("Running", run.Status);
            Assert.Equal("call", run.CurrentNodeId);
            Assert.Empty(run.Deliveries);
            Assert.Empty(run.Events);
            Assert.Null(run.Steps.Last().EndedAt);
        }
        finally
        {
            await restarted.DisposeAsync();
            restarted.DeleteFiles();
        }
    }
}
