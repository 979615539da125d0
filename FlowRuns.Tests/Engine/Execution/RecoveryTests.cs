using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>A run interrupted mid-step continues after a restart, by the documented rule for the step in flight.</summary>
public class RecoveryTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void AllowLoopback(FlowRunsEngineOptions o) => o.Http.AllowedHosts = ["127.0.0.1"];

    private async Task<(TestEngine Restarted, string RunId)> InterruptAsync(string method)
    {
        var engine = await TestEngine.StartAsync(AllowLoopback);
        await engine.PublishAsync(Json.Flow("crm",
            [
                new { id = "call", type = "http", label = "Call", method, url = _server.BaseUrl + "/hang", timeout = "PT30S" },
                new { id = "note", type = "send", label = "Note", channel = "card", body = "done" },
                new { id = "e", type = "end", label = "E" },
                new { id = "failed", type = "end", label = "Failed" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "note" }, new { from = "note", to = "e" }, new { from = "call", to = "failed", when = "error" }]));
        await engine.CreateContactAsync("c-1");
        var execution = await engine.Engine.StartAsync(new StartRunRequest("crm", RunTrigger.Api) { ContactId = "c-1" });
        await _server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await engine.DisposeAsync();

        var restarted = await engine.ReopenAsync(AllowLoopback);
        return (restarted, execution.Id.ToString("N"));
    }

    [Fact]
    public async Task InterruptedPost_IsNotRepeated_AndTakesTheErrorPortWithInterrupted()
    {
        var (restarted, id) = await InterruptAsync("POST");
        try
        {
            var run = await restarted.WaitForStatusAsync(id, "Completed");
            var call = run.Steps.Single(s => s.NodeId == "call");
            Assert.Equal(("Failed", "INTERRUPTED", "error", 1), (call.Status, call.Error!.Code, call.Port, call.Attempt));
            Assert.Equal("failed", run.Steps.Last().NodeId);
            Assert.Equal(1, _server.Calls);
        }
        finally
        {
            await restarted.DisposeAsync();
            restarted.DeleteFiles();
        }
    }

    [Fact]
    public async Task InterruptedGet_IsRetriedAsTheNextAttempt()
    {
        var (restarted, id) = await InterruptAsync("GET");
        try
        {
            await WaitUntil(() => _server.Calls >= 2);
            var run = await restarted.WaitForAsync(id, r => r.Steps.Single(s => s.NodeId == "call").Attempt == 2, "attempt 2");
            Assert.Equal("Running", run.Steps.Single(s => s.NodeId == "call").Status);
            Assert.Equal(2, _server.Calls);
        }
        finally
        {
            await restarted.DisposeAsync();
            restarted.DeleteFiles();
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(10);
        }
    }
}
