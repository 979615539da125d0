using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class ConditionNodeTests : EngineScope
{
    private async Task PublishAsync(string expression) => await Engine.PublishAsync(Json.Flow("cond",
        [
            new { id = "check", type = "condition", label = "Check", expression },
            new { id = "yes", type = "end", label = "Yes" },
            new { id = "no", type = "end", label = "No" },
        ],
        [new { from = "start", to = "check" }, new { from = "check", to = "yes", when = "true" }, new { from = "check", to = "no", when = "false" }]));

    [Fact]
    public async Task ConditionNode_True_TakesTruePort_AndRecordsResolution()
    {
        await PublishAsync("%{balance} > 10000");
        await Engine.CreateContactAsync("c-1", new { balance = 25000 });
        var run = await Engine.RunAsync("cond", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "check");
        Assert.Equal("true", step.Port);
        Assert.Equal("yes", run.Steps.Last().NodeId);
        var resolution = Assert.Single(step.Resolutions);
        Assert.Equal(("balance", "25000", false), (resolution.Reference, resolution.Value!.ToJsonString(), resolution.Missing));
    }

    [Fact]
    public async Task ConditionNode_False_TakesFalsePort()
    {
        await PublishAsync("%{balance} > 10000");
        await Engine.CreateContactAsync("c-1", new { balance = 5 });
        var run = await Engine.RunAsync("cond", "c-1");
        Assert.Equal("false", run.Steps.Single(s => s.NodeId == "check").Port);
        Assert.Equal("no", run.Steps.Last().NodeId);
    }

    [Fact]
    public async Task ConditionNode_VariableMissing_RecordsWarningAndTakesFalse()
    {
        await PublishAsync("%{customerSegment} == \"premium\"");
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("cond", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "check");
        Assert.Equal("false", step.Port);
        Assert.True(Assert.Single(step.Resolutions).Missing);
        Assert.Contains("%{customerSegment} is missing.", step.Warnings);
        Assert.Equal("Completed", run.Status);
    }

    [Fact]
    public async Task ConditionNode_TypeError_FailsTheRunWithExpressionError()
    {
        await PublishAsync("%{name} * 2 > 1");
        await Engine.CreateContactAsync("c-1", new { name = "Ana" });
        var run = await Engine.RunAsync("cond", "c-1");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("EXPRESSION_ERROR", run.Error!.Code);
        Assert.Equal("check", run.CurrentNodeId);
        Assert.Equal("Failed", run.Steps.Last().Status);
        Assert.NotEmpty(run.Error.SuggestedFix);
    }

    [Fact]
    public async Task ConditionNode_TriggerDataWinsOverContactAttribute()
    {
        await PublishAsync("%{segment} == \"vip\"");
        await Engine.CreateContactAsync("c-1", new { segment = "basic" });
        var run = await Engine.RunAsync("cond", "c-1", data: new { segment = "vip" });
        Assert.Equal("true", run.Steps.Single(s => s.NodeId == "check").Port);
    }
}
