using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Definitions;

/// <summary>The review's hostile flows: each refused at publish with a problem naming the node and field.</summary>
public class HostileFlowTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(JsonObject doc)
    {
        var compiler = Compilers.Create();
        var ex = Assert.Throws<FlowDefinitionException>(() => compiler.Compile(FlowJson.Parse(doc), _ => true));
        return ex.Problems;
    }

    private static JsonObject Flow(params object[] nodes) =>
        Json.Flow("hostile", nodes.Append(new { id = "e", type = "end", label = "E" }).ToArray(),
            nodes.Select((n, i) => (object)new { from = i == 0 ? "start" : ((dynamic)nodes[i - 1]).id, to = ((dynamic)n).id })
                .Append(new { from = ((dynamic)nodes[^1]).id, to = "e" }).ToArray());

    [Theory]
    [InlineData("P8000Y")]
    [InlineData("P99999999Y")]
    [InlineData("P367D")]
    public void ADelayLongerThanTheLimit_IsRefused(string duration)
    {
        var problem = Assert.Single(Problems(Flow(new { id = "d", type = "delay", label = "D", duration })));
        Assert.Equal(("d", "duration"), (problem.NodeId, problem.Field));
        Assert.Contains("at most 366 days", problem.Message);
    }

    [Fact]
    public void AWaitTimeoutLongerThanTheLimit_IsRefused()
    {
        var problems = Problems(Flow(new { id = "w", type = "wait", label = "W", @event = "card.completed", timeout = "P2Y" }));
        Assert.Contains(problems, p => (p.NodeId, p.Field) == ("w", "timeout") && p.Message.Contains("at most 366 days"));
    }

    [Theory]
    [InlineData("* * * * * *")]
    [InlineData("*/10 * * * * *")]
    public void AScheduleFiringMoreThanOnceAMinute_IsRefused(string cron)
    {
        var doc = Json.Flow("tick", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }], trigger: "schedule");
        doc["trigger"]!["cron"] = cron;
        var problem = Assert.Single(Problems(doc));
        Assert.Equal("trigger.cron", problem.Field);
        Assert.Contains("at most once every 1 minute", problem.Message);
    }

    [Fact]
    public void AScheduleOncePerMinute_Publishes()
    {
        var doc = Json.Flow("tick", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }], trigger: "schedule");
        doc["trigger"]!["cron"] = "* * * * *";
        Assert.NotNull(Compilers.Create().Compile(FlowJson.Parse(doc)));
    }

    [Fact]
    public void AHugeLabel_AndAHugeNodeId_AreRefused()
    {
        var longId = new string('n', 100_000);
        var problems = Problems(Json.Flow("big",
            [new { id = "a", type = "set", label = new string('L', 500_000), assign = new { x = "1" } }, new { id = longId, type = "end", label = "E" }],
            [new { from = "start", to = "a" }, new { from = "a", to = longId }]));
        Assert.Contains(problems, p => p.NodeId == "a" && p.Field == "label" && p.Message.Contains("at most 200"));
        Assert.Contains(problems, p => p.Field == "id" && p.Message.Contains("at most 100"));
        Assert.All(problems, p => Assert.True(p.Message.Length < 500, "a problem quotes the whole hostile text"));
    }

    [Fact]
    public void TooManyNodes_AreRefused()
    {
        var nodes = Enumerable.Range(0, 1000).Select(i => (object)new { id = $"n{i}", type = "end", label = "E" }).ToArray();
        var problems = Problems(Json.Flow("many", nodes, [new { from = "start", to = "n0" }]));
        Assert.Contains(problems, p => p.Field == "nodes" && p.Message.Contains("at most 1,000 nodes"));
    }

    [Fact]
    public void ARegexCapture_IsRefused()
    {
        var problem = Assert.Single(Problems(Flow(new
        {
            id = "h", type = "http", label = "H", url = "https://crm.example/x",
            capture = new Dictionary<string, string> { ["bad"] = "$.items[?(@.a =~ /^(a+)+$/)]" },
        })));
        Assert.Equal(("h", "capture.bad"), (problem.NodeId, problem.Field));
    }

    [Fact]
    public void AnOverlongSetting_IsRefused()
    {
        var problem = Assert.Single(Problems(Flow(new { id = "s", type = "send", label = "S", channel = "card", body = new string('b', 20_001) })));
        Assert.Equal(("s", "body"), (problem.NodeId, problem.Field));
    }

    [Fact]
    public void AMalformedEdge_DoesNotHideTheOtherProblems()
    {
        var doc = Json.Flow("broken",
            [new { id = "d", type = "delay", label = "D", duration = "P8000Y" }, new { id = "x", type = "nope", label = "X" }],
            [new { from = "start" }, new { from = "start", to = "d" }, new { from = "d", to = "ghost" }]);
        var shape = Assert.Throws<FlowDefinitionException>(() => FlowJson.Parse(doc));
        var problems = Compilers.Create().AllProblems(shape);
        Assert.Contains(problems, p => p.EdgeIndex == 0 && p.Message.Contains("needs 'from' and 'to'"));
        Assert.Contains(problems, p => p.NodeId == "d" && p.Field == "duration");
        Assert.Contains(problems, p => p.NodeId == "x" && p.Field == "type");
        Assert.Contains(problems, p => p.EdgeIndex == 2 && p.Message.Contains("'ghost'"));
    }
}
