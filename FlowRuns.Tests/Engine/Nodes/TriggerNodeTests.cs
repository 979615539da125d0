using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class TriggerNodeTests : EngineScope
{
    [Fact]
    public async Task Trigger_IsTheFirstStep_AndLeavesByDefault()
    {
        await Engine.PublishAsync(Json.Flow("t", [new { id = "done", type = "end", label = "Done" }], [new { from = "start", to = "done" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("t", "c-1");
        var first = run.Steps[0];
        Assert.Equal(("start", 1, "Completed", "default"), (first.NodeId, first.Sequence, first.Status, first.Port));
        Assert.Equal("Completed", run.Status);
    }
}
