using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Engine.Definitions;

public class FlowCompilerTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(object[] nodes, object[] edges, Func<string, bool>? flowExists = null, bool withTrigger = true)
    {
        var doc = Json.Flow("f", nodes, edges);
        if (!withTrigger) ((System.Text.Json.Nodes.JsonArray)doc["nodes"]!).RemoveAt(0);
        var ex = Assert.Throws<FlowDefinitionException>(() => Compilers.Create().Compile(FlowJson.Parse(doc), flowExists ?? (_ => true)));
        return ex.Problems;
    }

    [Fact]
    public void Compile_EveryDemoFlow_Succeeds()
    {
        var compiler = Compilers.Create();
        foreach (var flow in DemoFlows.Load())
            Assert.NotNull(compiler.Compile(flow, _ => true).Trigger);
    }

    [Fact]
    public void MissingTrigger_IsReported()
    {
        var problems = Problems([new { id = "e", type = "end", label = "E" }], [], withTrigger: false);
        Assert.Contains(problems, p => p.Message.Contains("exactly one node of type 'trigger'"));
    }

    [Fact]
    public void SecondTrigger_IsReportedOnThatNode()
    {
        var problems = Problems([new { id = "t2", type = "trigger", label = "T" }], [new { from = "start", to = "t2" }]);
        Assert.Equal("t2", Assert.Single(problems).NodeId);
    }

    [Fact]
    public void UnknownType_NamesTheNodeAndTheKnownTypes()
    {
        var problem = Assert.Single(Problems([new { id = "x", type = "teleport", label = "X" }], [new { from = "start", to = "x" }]));
        Assert.Equal("x", problem.NodeId);
        Assert.Contains("Unknown node type 'teleport'", problem.Message);
        Assert.Contains("condition", problem.Message);
    }

    [Fact]
    public void DuplicateNodeId_IsReported()
    {
        var problems = Problems([new { id = "e", type = "end", label = "E" }, new { id = "e", type = "end", label = "E2" }], [new { from = "start", to = "e" }]);
        Assert.Contains(problems, p => p.NodeId == "e" && p.Message.Contains("more than once"));
    }

    [Fact]
    public void DanglingEdge_NamesTheEdge()
    {
        var problems = Problems([new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }, new { from = "start", to = "ghost" }, new { from = "nowhere", to = "e" }]);
        Assert.Contains(problems, p => p.EdgeIndex == 1 && p.Message.Contains("'ghost', which is not a node"));
        Assert.Contains(problems, p => p.EdgeIndex == 2 && p.Message.Contains("'nowhere', which is not a node"));
    }

    [Fact]
    public void UnknownPort_ListsThePortsTheNodeHas()
    {
        var problems = Problems(
            [new { id = "c", type = "condition", label = "C", expression = "true" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "c" }, new { from = "c", to = "e", when = "maybe" }]);
        var problem = Assert.Single(problems);
        Assert.Equal("c", problem.NodeId);
        Assert.Contains("no port 'maybe'; its ports are true, false", problem.Message);
    }

    [Fact]
    public void SwitchPorts_AreItsCasesAndDefault()
    {
        var problems = Problems(
            [new { id = "s", type = "switch", label = "S", on = "%{x}", cases = new[] { "a", "b" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "s" }, new { from = "s", to = "e", when = "a" }, new { from = "s", to = "e", when = "default" }, new { from = "s", to = "e", when = "c" }]);
        Assert.Contains("its ports are a, b, default", Assert.Single(problems).Message);
    }

    [Fact]
    public void TwoEdgesFromOnePort_AreReported()
    {
        var problems = Problems(
            [new { id = "a", type = "end", label = "A" }, new { id = "b", type = "end", label = "B" }],
            [new { from = "start", to = "a" }, new { from = "start", to = "b" }]);
        Assert.Contains("already has an edge", Assert.Single(problems).Message);
    }

    [Fact]
    public void EdgeOutOfAnEndNode_IsReported()
    {
        var problems = Problems(
            [new { id = "a", type = "end", label = "A" }, new { id = "b", type = "end", label = "B" }],
            [new { from = "start", to = "a" }, new { from = "a", to = "b" }]);
        Assert.Contains("ends the run; it cannot have outgoing edges", Assert.Single(problems).Message);
    }

    [Fact]
    public void UnparseableExpression_NamesNodeFieldAndPosition()
    {
        var problem = Assert.Single(Problems([new { id = "c", type = "condition", label = "C", expression = "%{a} === 1" }], [new { from = "start", to = "c" }]));
        Assert.Equal("c", problem.NodeId);
        Assert.Equal("expression", problem.Field);
        Assert.Contains("does not parse", problem.Message);
        Assert.Contains("at character", problem.Message);
    }

    [Fact]
    public void UnparseableTemplate_IsReported()
    {
        var problem = Assert.Single(Problems([new { id = "s", type = "send", label = "S", channel = "sms", body = "Hi %{name" }], [new { from = "start", to = "s" }]));
        Assert.Equal(("s", "body"), (problem.NodeId, problem.Field));
    }

    [Fact]
    public void UnknownSubflow_IsReported()
    {
        var problem = Assert.Single(Problems([new { id = "sub", type = "subflow", label = "Sub", flow = "nope" }], [new { from = "start", to = "sub" }], _ => false));
        Assert.Equal("sub", problem.NodeId);
        Assert.Contains("'nope', which is not published", problem.Message);
    }

    [Fact]
    public void MissingRequiredSettings_AreReportedPerNodeAndField()
    {
        var problems = Problems(
        [
            new { id = "c", type = "condition", label = "C" },
            new { id = "s", type = "send", label = "S", channel = "pigeon" },
            new { id = "w", type = "wait", label = "W", timeout = "three days" },
            new { id = "d", type = "delay", label = "D" },
            new { id = "h", type = "http", label = "H", url = "ftp://x" },
            new { id = "x", type = "stopError", label = "X" },
        ], [new { from = "start", to = "c" }]);
        Assert.Contains(problems, p => p is { NodeId: "c", Field: "expression" });
        Assert.Contains(problems, p => p is { NodeId: "s", Field: "channel" } && p.Message.Contains("pigeon"));
        Assert.Contains(problems, p => p is { NodeId: "s", Field: "body" });
        Assert.Contains(problems, p => p is { NodeId: "w", Field: "event" });
        Assert.Contains(problems, p => p is { NodeId: "w", Field: "timeout" } && p.Message.Contains("ISO-8601"));
        Assert.Contains(problems, p => p is { NodeId: "d" } && p.Message.Contains("exactly one of"));
        Assert.Contains(problems, p => p is { NodeId: "h", Field: "url" });
        Assert.Contains(problems, p => p is { NodeId: "x", Field: "message" });
    }
}
