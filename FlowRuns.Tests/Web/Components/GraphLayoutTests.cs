using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;

namespace FlowRuns.Tests.Web.Components;

public class GraphLayoutTests
{
    /// <summary>A 200-node flow: a trunk of conditions, each with a side branch of three steps that rejoins the trunk.</summary>
    private static FlowDefinition TwoHundredNodes()
    {
        var nodes = new List<object>();
        var edges = new List<object> { new { from = "start", to = "c0" } };
        for (var i = 0; i < 49; i++)
        {
            nodes.Add(new { id = $"c{i}", type = "condition", label = $"Check {i}", expression = $"%{{v}} > {i}" });
            for (var j = 0; j < 3; j++) nodes.Add(new { id = $"b{i}-{j}", type = "set", label = $"Branch {i}.{j}", assign = new Dictionary<string, string> { ["x"] = "1" } });
            var next = i == 48 ? "end" : $"c{i + 1}";
            edges.Add(new { from = $"c{i}", to = $"b{i}-0", when = "true" });
            edges.Add(new { from = $"c{i}", to = next, when = "false" });
            edges.Add(new { from = $"b{i}-0", to = $"b{i}-1" });
            edges.Add(new { from = $"b{i}-1", to = $"b{i}-2" });
            edges.Add(new { from = $"b{i}-2", to = next });
        }
        nodes.Add(new { id = "end", type = "end", label = "Done" });
        nodes.Add(new { id = "note", type = "end", label = "Unused" });
        nodes.Add(new { id = "note2", type = "end", label = "Unused" });
        return FlowJson.Parse(Json.Flow("big", nodes.ToArray(), edges.ToArray()));
    }

    [Fact]
    public void TwoHundredNodes_AreLaidOutWithoutOverlap_AndEveryEdgeRouted()
    {
        var definition = TwoHundredNodes();
        Assert.Equal(200, definition.Nodes.Count);
        var graph = GraphLayoutCache.Layout(definition);
        Assert.Equal(200, graph.Nodes.Count);
        Assert.Equal(definition.Edges.Count, graph.Edges.Count);
        var sorted = graph.Nodes.OrderBy(n => n.X).ToList();
        for (var i = 0; i < sorted.Count; i++)
            for (var j = i + 1; j < sorted.Count && sorted[j].X < sorted[i].X + sorted[i].Width; j++)
            {
                var (a, b) = (sorted[i], sorted[j]);
                Assert.False(a.Y < b.Y + b.Height && b.Y < a.Y + a.Height, $"{a.Id} overlaps {b.Id}");
            }
    }

    public static TheoryData<string> DemoFlowKeys() => new(FlowRuns.Web.Demo.DemoFlows.Load().Select(f => f.Key));

    [Theory]
    [MemberData(nameof(DemoFlowKeys))]
    public void DemoFlows_EveryEdgeReadsAlone(string key) =>
        GraphGeometry.AssertReadable(GraphLayoutCache.Layout(FlowRuns.Web.Demo.DemoFlows.Load().Single(f => f.Key == key)));

    [Fact]
    public void TwoHundredNodes_EveryEdgeReadsAlone() => GraphGeometry.AssertReadable(GraphLayoutCache.Layout(TwoHundredNodes()));

    [Fact]
    public void ASwitchWithFourCases_HasFourDistinctExits_AndItsLabelsAtThem()
    {
        var definition = FlowRuns.Web.Demo.DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var graph = GraphLayoutCache.Layout(definition);
        var segment = graph.Node("segment")!;
        var exits = graph.Edges.Where(e => e.From == "segment").ToList();
        Assert.True(exits.Count >= 3, $"segment has {exits.Count} edges");
        Assert.Equal(exits.Count, exits.Select(e => Math.Round(e.Points[0].X)).Distinct().Count());
        Assert.All(exits, e =>
        {
            Assert.Equal(segment.Y + segment.Height, e.Points[0].Y, 3);
            Assert.InRange(e.LabelAt.X - e.Points[0].X, 0, 10);
        });
    }

    [Fact]
    public void ALoopBack_RunsRightOfEveryNode()
    {
        var definition = FlowJson.Parse(Json.Flow("loop",
            [new { id = "inc", type = "set", label = "Count", assign = new Dictionary<string, string> { ["n"] = "1" } },
             new { id = "check", type = "condition", label = "Again?", expression = "%{n} < 3" },
             new { id = "done", type = "end", label = "Done" }],
            [new { from = "start", to = "inc" }, new { from = "inc", to = "check" }, new { from = "check", to = "inc", when = "true" }, new { from = "check", to = "done", when = "false" }]));
        var graph = GraphLayoutCache.Layout(definition);
        var loop = graph.Edges.Single(e => e.From == "check" && e.To == "inc");
        Assert.True(loop.Points.Max(p => p.X) > graph.Nodes.Max(n => n.X + n.Width));
        GraphGeometry.AssertReadable(graph);
    }

    [Fact]
    public void TheGeometryCheck_FindsSharedStretches_EdgesThroughNodes_AndLabelsUnderNodes()
    {
        LaidOutNode Box(string id, double x, double y) => new(id, "set", id, x, y, 240, 84);
        var nodes = new[] { Box("a", 0, 0), Box("b", 0, 200), Box("c", 300, 200), Box("m", 0, 100) };
        var graph = new LaidOutGraph(nodes,
        [
            new LaidOutEdge(0, "a", "b", "x", [(100, 84), (100, 200)]) { LabelAt = (10, 150) },
            new LaidOutEdge(1, "a", "c", "y", [(100, 84), (100, 150), (400, 150), (400, 200)]),
        ], 600, 400);
        var problems = GraphGeometry.Problems(graph).ToList();
        Assert.Contains(problems, p => p.Contains("share a vertical stretch"));
        Assert.Contains(problems, p => p.Contains("passes through m"));
        Assert.Contains(problems, p => p.Contains("lies under m"));
    }

    [Fact]
    public void AuthorPositions_AreKept()
    {
        var definition = FlowJson.Parse("""{"key":"xy","name":"XY","trigger":{"type":"api"},"nodes":[{"id":"start","type":"trigger","label":"S","x":0,"y":0},{"id":"e","type":"end","label":"E","x":0,"y":300}],"edges":[{"from":"start","to":"e"}]}""");
        var graph = GraphLayoutCache.Layout(definition);
        Assert.Equal(300, graph.Node("e")!.CenterY - graph.Node("start")!.CenterY);
        Assert.Equal(graph.Node("e")!.CenterX, graph.Node("start")!.CenterX);
    }
}
