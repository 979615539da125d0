using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class EndNodeTests : EngineScope
{
    [Fact]
    public async Task EndNode_CompletesTheRun_WithEndTimeAndDuration()
    {
        await Engine.PublishAsync(Json.Flow("e", [new { id = "done", type = "end", label = "Done" }], [new { from = "start", to = "done" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("e", "c-1");
        Assert.Equal("Completed", run.Status);
        Assert.NotNull(run.EndedAt);
        Assert.NotNull(run.DurationMs);
        Assert.Equal("done", run.CurrentNodeId);
        var end = run.Steps.Last();
        Assert.Equal(("Completed", (string?)null), (end.Status, end.Port));
        Assert.Null(run.Error);
    }
}
