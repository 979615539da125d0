using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class SetNodeTests : EngineScope
{
    [Fact]
    public async Task SetNode_AssignsTypedValues_VisibleDownstreamAndInOutput()
    {
        await Engine.PublishAsync(Json.Flow("set",
            [
                new { id = "assign", type = "set", label = "Assign", assign = new Dictionary<string, string> { ["eligible"] = "true", ["total"] = "%{amount} * 2", ["label"] = "\"gold\"" } },
                new { id = "check", type = "condition", label = "Check", expression = "%{eligible} == true && %{total} == 200" },
                new { id = "yes", type = "end", label = "Yes" },
                new { id = "no", type = "end", label = "No" },
            ],
            [new { from = "start", to = "assign" }, new { from = "assign", to = "check" }, new { from = "check", to = "yes", when = "true" }, new { from = "check", to = "no", when = "false" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("set", "c-1", data: new { amount = 100 });
        var set = run.Steps.Single(s => s.NodeId == "assign");
        Assert.Equal("""{"eligible":true,"total":200,"label":"gold"}""", set.Output!.ToJsonString());
        Assert.Equal("yes", run.Steps.Last().NodeId);
        Assert.Equal("""{"amount":100,"eligible":true,"total":200,"label":"gold"}""", run.Variables!.ToJsonString());
    }

    [Fact]
    public async Task SetNode_MissingDataInArithmetic_FailsWithMissingData()
    {
        await Engine.PublishAsync(Json.Flow("set",
            [new { id = "assign", type = "set", label = "Assign", assign = new Dictionary<string, string> { ["total"] = "%{amount} * 2" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "assign" }, new { from = "assign", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("set", "c-1");
        Assert.Equal("MISSING_DATA", run.Error!.Code);
        Assert.Contains("assign.total", run.Error.Message);
        Assert.Contains("%{amount} is missing.", run.Steps.Last().Warnings);
    }
}
