using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

public class RunLimitsTests : EngineScope
{
    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(o => o.StepLimit = 25);

    [Fact]
    public async Task Loop_PastTheStepLimit_FailsWithStepLimit()
    {
        await Engine.PublishAsync(Json.Flow("loop",
            [
                new { id = "inc", type = "set", label = "Inc", assign = new Dictionary<string, string> { ["n"] = "%{n} + 1" } },
                new { id = "again", type = "condition", label = "Again?", expression = "%{n} < 1000" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "inc" }, new { from = "inc", to = "again" }, new { from = "again", to = "inc", when = "true" }, new { from = "again", to = "e", when = "false" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("loop", "c-1", new { n = 0 });
        Assert.Equal("Failed", run.Status);
        Assert.Equal("STEP_LIMIT", run.Error!.Code);
        Assert.Equal(25, run.Steps.Count);
        Assert.Equal(12, run.Steps.Count(s => s.NodeId == "inc"));
        Assert.Equal(Enumerable.Range(1, 25), run.Steps.Select(s => s.Sequence));
    }

    [Fact]
    public async Task SelfCallingSubflow_StopsAtTheDepthLimit()
    {
        await Engine.PublishAsync(Json.Flow("rec",
            [new { id = "sub", type = "subflow", label = "Again", flow = "rec" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("rec", "c-1");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("SUBFLOW_FAILED", run.Error!.Code);
    }
}
