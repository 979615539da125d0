using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>What a run may grow to and how long a step may hold it: output bounded, responses bounded, every step cancellable.</summary>
public class RunBoundsTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _engine = await TestEngine.StartAsync(Configure);
        await _engine.CreateContactAsync("c-1");
    }

    private static void Configure(FlowRuns.Engine.Execution.FlowRunsEngineOptions o)
    {
        o.Http.AllowedHosts = ["127.0.0.1"];
        o.Limits.MaxHttpResponseBytes = 1024 * 1024;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AStringThatDoublesEveryStep_FailsWithOutputTooLarge_AndNothingHugeIsStored()
    {
        await _engine.PublishAsync(Json.Flow("grow",
            [
                new { id = "grow", type = "set", label = "Grow", assign = new Dictionary<string, string> { ["s"] = "%{s} + %{s}" } },
                new { id = "again", type = "condition", label = "Again?", expression = "true" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "grow" }, new { from = "grow", to = "again" }, new { from = "again", to = "grow", when = "true" }, new { from = "again", to = "e", when = "false" }]));
        var run = await _engine.RunAsync("grow", "c-1", new { s = new string('a', 1000) });
        Assert.Equal("Failed", run.Status);
        Assert.True(run.Error!.Code == "OUTPUT_TOO_LARGE", run.Error.Message);
        // 1,000 → 64,000 characters in 6 doublings; the 7th is refused before it is assigned.
        Assert.Equal(7, run.Steps.Count(s => s.NodeId == "grow"));
        Assert.True(await _engine.StoreBytesAsync() < 20 * 1024 * 1024, "the store grew with the output");
        Assert.True(run.Steps.Sum(s => s.Output?.ToJsonString().Length ?? 0) < 400_000);
    }

    [Fact]
    public async Task ATemplateThatRepeatsAHugeValue_FailsWithOutputTooLarge_BeforeAnythingIsSent()
    {
        var body = string.Concat(Enumerable.Repeat("%{big}", 100));
        await _engine.PublishAsync(Json.Flow("spam",
            [new { id = "send", type = "send", label = "Send", channel = "card", body }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "send" }, new { from = "send", to = "e" }]));
        var run = await _engine.RunAsync("spam", "c-1", new { big = new string('x', 10_000) });
        Assert.Equal("OUTPUT_TOO_LARGE", run.Error!.Code);
        Assert.Empty(run.Deliveries);
    }

    [Fact]
    public async Task AResponseOverTheCap_FailsWithHttpResponseTooLarge()
    {
        await _engine.PublishAsync(Json.Flow("big",
            [new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/huge" }, new { id = "ok", type = "end", label = "OK" }, new { id = "bad", type = "end", label = "Bad" }],
            [new { from = "start", to = "call" }, new { from = "call", to = "ok" }, new { from = "call", to = "bad", when = "error" }]));
        var run = await _engine.RunAsync("big", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal(("HTTP_RESPONSE_TOO_LARGE", "error"), (step.Error!.Code, step.Port));
        Assert.Equal("bad", run.Steps.Last().NodeId);
    }

    [Fact]
    public async Task ACancel_EndsARunStuckInASlowResponseBody_AndItStaysCancelledAfterARestart()
    {
        await _engine.PublishAsync(Json.Flow("stuck",
            [new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/trickle", timeout = "PT60S" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "call" }, new { from = "call", to = "e" }]));
        var started = await _engine.Engine.StartAsync(new FlowRuns.Engine.Execution.StartRunRequest("stuck", FlowRuns.Engine.Execution.RunTrigger.Api) { ContactId = "c-1" });
        await _server.TrickleReached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await _engine.Engine.CancelAsync(started.Id, "qa@example.com");
        Assert.True(outcome.Status == FlowRuns.Engine.Execution.CancelStatus.Cancelled, $"{outcome.Status}: {outcome.Message} / {(await _engine.GetAsync(started.Id)).Error?.Message}");
        // The step was reading a body that never ends (timeout 60 s): the cancel did not wait for it (a hang bound, not a speed check).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the cancel took {watch.Elapsed}");
        var run = await _engine.GetAsync(started.Id);
        Assert.Equal("Cancelled", run.Status);

        var calls = _server.Calls;
        await _engine.DisposeAsync();
        _engine = await _engine.ReopenAsync(Configure);
        await _engine.TickAsync();
        Assert.Equal("Cancelled", (await _engine.GetAsync(started.Id)).Status);
        Assert.Equal(calls, _server.Calls);
    }

    [Fact]
    public async Task AGracefulStop_DoesNotWaitForAStepStuckInABodyThatNeverEnds_AndTheRunGoesOnAfterTheRestart()
    {
        await _engine.PublishAsync(Json.Flow("stuck",
            [new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/trickle", timeout = "PT60S" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "call" }, new { from = "call", to = "e" }]));
        var started = await _engine.Engine.StartAsync(new FlowRuns.Engine.Execution.StartRunRequest("stuck", FlowRuns.Engine.Execution.RunTrigger.Api) { ContactId = "c-1" });
        await started.Committed;
        await _server.TrickleReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var calls = _server.Calls;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await _engine.DisposeAsync();
        // The step's own timeout is 60 s; the stop cancels it (a hang bound well under the host's shutdown timeout, not a speed check).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {watch.Elapsed}");

        _engine = await _engine.ReopenAsync(Configure);
        // A GET is safe to make again: recovery retries the interrupted step as its next attempt.
        var run = await _engine.WaitForAsync(started.Id.ToString("N"), _ => _server.Calls > calls, "the interrupted GET made again");
        Assert.Contains(run.Status, new[] { "Running", "Pending" });
    }
}
