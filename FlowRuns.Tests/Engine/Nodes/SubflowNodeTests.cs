using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class SubflowNodeTests : EngineScope
{
    [Fact]
    public async Task SubflowNode_RunsChild_AndExposesItsVariablesAsOutput()
    {
        await Engine.PublishAsync(Json.Flow("child",
            [new { id = "calc", type = "set", label = "Calc", assign = new Dictionary<string, string> { ["doubled"] = "%{n} * 2" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "calc" }, new { from = "calc", to = "e" }]));
        await Engine.PublishAsync(Json.Flow("parent",
            [
                new { id = "sub", type = "subflow", label = "Sub", flow = "child", data = new Dictionary<string, string> { ["n"] = "%{value}" } },
                new { id = "check", type = "condition", label = "Check", expression = "%{steps.sub.output.doubled} == 42" },
                new { id = "yes", type = "end", label = "Yes" },
                new { id = "no", type = "end", label = "No" },
            ],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "check" }, new { from = "check", to = "yes", when = "true" }, new { from = "check", to = "no", when = "false" }]));
        await Engine.CreateContactAsync("c-1");

        var run = await Engine.RunAsync("parent", "c-1", new { value = 21 });

        Assert.Equal("yes", run.Steps.Last().NodeId);
        var childId = Assert.Single(run.ChildRunIds);
        var sub = run.Steps.Single(s => s.NodeId == "sub");
        Assert.Equal(("Completed", "default"), (sub.Status, sub.Port));
        Assert.Equal(42, sub.Output!["doubled"]!.GetValue<int>());
        Assert.Equal(childId, sub.Output["childRunId"]!.GetValue<string>());
        var child = await Engine.GetAsync(Guid.Parse(childId));
        Assert.Equal(("subflow", run.Id, "Completed", "c-1"), (child.Trigger, child.ParentRunId, child.Status, child.ContactId));
    }

    [Fact]
    public async Task SubflowNode_ChildFails_TakesFailedPortOrFailsParent()
    {
        await Engine.PublishAsync(Json.Flow("child", [new { id = "halt", type = "stopError", label = "Halt", message = "no" }], [new { from = "start", to = "halt" }]));
        await Engine.PublishAsync(Json.Flow("parent",
            [new { id = "sub", type = "subflow", label = "Sub", flow = "child" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("parent", "c-1");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("SUBFLOW_FAILED", run.Error!.Code);

        await Engine.PublishAsync(Json.Flow("parent",
            [new { id = "sub", type = "subflow", label = "Sub", flow = "child" }, new { id = "e", type = "end", label = "E" }, new { id = "handled", type = "end", label = "H" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }, new { from = "sub", to = "handled", when = "failed" }]));
        var handled = await Engine.RunAsync("parent", "c-1");
        Assert.Equal("Completed", handled.Status);
        Assert.Equal("failed", handled.Steps.Single(s => s.NodeId == "sub").Port);
        Assert.Equal("handled", handled.Steps.Last().NodeId);
    }
}
