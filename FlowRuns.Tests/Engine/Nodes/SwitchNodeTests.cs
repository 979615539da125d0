using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class SwitchNodeTests : EngineScope
{
    private async Task PublishAsync(bool withDefault = true)
    {
        var edges = new List<object> { new { from = "start", to = "seg" }, new { from = "seg", to = "gold", when = "premium" }, new { from = "seg", to = "std", when = "standard" } };
        if (withDefault) edges.Add(new { from = "seg", to = "std", when = "default" });
        await Engine.PublishAsync(Json.Flow("sw",
            [
                new { id = "seg", type = "switch", label = "Segment", on = "%{customerSegment}", cases = new[] { "premium", "standard" } },
                new { id = "gold", type = "end", label = "Gold" },
                new { id = "std", type = "end", label = "Std" },
            ], edges.ToArray()));
    }

    [Theory]
    [InlineData("premium", "premium", "gold")]
    [InlineData("standard", "standard", "std")]
    [InlineData("basic", "default", "std")]
    public async Task SwitchNode_TakesTheMatchingCase_OrDefault(string segment, string port, string end)
    {
        await PublishAsync();
        await Engine.CreateContactAsync("c-1", new { customerSegment = segment });
        var run = await Engine.RunAsync("sw", "c-1");
        Assert.Equal(port, run.Steps.Single(s => s.NodeId == "seg").Port);
        Assert.Equal(end, run.Steps.Last().NodeId);
    }

    [Fact]
    public async Task SwitchNode_NoMatchAndNoDefaultEdge_FailsWithMissingBranch()
    {
        await PublishAsync(withDefault: false);
        await Engine.CreateContactAsync("c-1", new { customerSegment = "basic" });
        var run = await Engine.RunAsync("sw", "c-1");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("MISSING_BRANCH", run.Error!.Code);
        Assert.Contains("port 'default'", run.Error.Message);
        Assert.Equal("seg", run.CurrentNodeId);
    }
}
