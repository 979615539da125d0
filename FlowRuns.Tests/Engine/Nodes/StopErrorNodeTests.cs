using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class StopErrorNodeTests : EngineScope
{
    [Fact]
    public async Task StopErrorNode_FailsTheRunWithTheRenderedMessage()
    {
        await Engine.PublishAsync(Json.Flow("stop", [new { id = "halt", type = "stopError", label = "Halt", message = "Could not record the credit for %{contact.id}" }], [new { from = "start", to = "halt" }]));
        await Engine.CreateContactAsync("c-9");
        var run = await Engine.RunAsync("stop", "c-9");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("STOP_ERROR", run.Error!.Code);
        Assert.Equal("Could not record the credit for c-9", run.Error.Message);
        var step = run.Steps.Last();
        Assert.Equal(("halt", "Failed", "STOP_ERROR"), (step.NodeId, step.Status, step.Error!.Code));
    }
}
