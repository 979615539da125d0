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

    [Theory]
    [InlineData("loan-approval")]
    [InlineData("service-disruption")]
    [InlineData("eligibility-check")]
    public void DemoFlows_NoEdgeCrossesANodeOtherThanItsEnds(string key)
    {
        var definition = FlowRuns.Web.Demo.DemoFlows.Load().Single(f => f.Key == key);
        var graph = GraphLayoutCache.Layout(definition);
        foreach (var edge in graph.Edges)
            for (var i = 0; i + 1 < edge.Points.Count; i++)
            {
                var (a, b) = (edge.Points[i], edge.Points[i + 1]);
                foreach (var node in graph.Nodes.Where(n => n.Id != edge.From && n.Id != edge.To))
                {
                    // Orthogonal segments: does the segment's box overlap the node's box (inset by a pixel)?
                    var crosses = Math.Min(a.X, b.X) < node.X + node.Width - 1 && Math.Max(a.X, b.X) > node.X + 1
                        && Math.Min(a.Y, b.Y) < node.Y + node.Height - 1 && Math.Max(a.Y, b.Y) > node.Y + 1;
                    Assert.False(crosses, $"{edge.From} → {edge.To} crosses {node.Id}");
                }
            }
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
