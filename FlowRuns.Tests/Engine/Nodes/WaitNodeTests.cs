using FlowRuns.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Nodes;

public class WaitNodeTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    [Fact]
    public async Task WaitNode_PutsRunInWaiting_WithEventAndStoredTimeout()
    {
        await Engine.PublishAsync(Json.Flow("w",
            [new { id = "wait", type = "wait", label = "Wait", @event = "card.completed", timeout = "P3D" }, new { id = "a", type = "end", label = "A" }, new { id = "b", type = "end", label = "B" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "a", when = "event" }, new { from = "wait", to = "b", when = "timeout" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("w", "c-1");
        Assert.Equal("Waiting", run.Status);
        Assert.Equal("card.completed", run.WaitingFor);
        Assert.Equal(_time.GetUtcNow().AddDays(3), run.WakeAt);
        Assert.Equal("wait", run.CurrentNodeId);
        var step = run.Steps.Last();
        Assert.Equal(("wait", "Waiting", (DateTimeOffset?)null), (step.NodeId, step.Status, step.EndedAt));
        Assert.Equal("wait.started", Assert.Single(run.Events).Name);
        Assert.Null(run.EndedAt);
    }
}
