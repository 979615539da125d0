using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Paths;
using FlowRuns.Web.Components.Runs;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Web.Components;

/// <summary>A version's paths on the graph: counts on every node and edge (with another version's shares beside), one path painted, the groups' table.</summary>
public class PathsPaintTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static PathGroup Group(int id, int count, int completed, int failed, params (string Node, string? Port)[] steps) =>
        new(id, steps.Select(s => new PathStep(s.Node, s.Node + " label", s.Port, s.Node is "eligible" ? "condition" : s.Node is "segment" ? "switch" : "send")).ToList(), count, completed, failed, count - completed - failed, At) { Share = count / 100.0 };

    /// <summary>80 premium customers who accepted, 20 declined: nobody went the standard way or timed out.</summary>
    private static VersionPaths Paths(int version, int premium, int declined)
    {
        PathGroup[] groups =
        [
            Group(1, premium, premium, 0, ("start", "default"), ("eligibility", "default"), ("eligible", "true"), ("segment", "premium"), ("card-premium", "default"), ("wait-accept", "event"), ("done", null)),
            Group(2, declined, declined, 0, ("start", "default"), ("eligibility", "default"), ("eligible", "false"), ("declined", "default"), ("done", null)),
        ];
        var nodes = new Dictionary<string, int>();
        var edges = new Dictionary<(string, string?, string), int>();
        foreach (var g in groups)
        {
            foreach (var s in g.Steps) nodes[s.NodeId] = nodes.GetValueOrDefault(s.NodeId) + g.Count;
            for (var i = 0; i + 1 < g.Steps.Count; i++)
                edges[(g.Steps[i].NodeId, g.Steps[i].Port, g.Steps[i + 1].NodeId)] = edges.GetValueOrDefault((g.Steps[i].NodeId, g.Steps[i].Port, g.Steps[i + 1].NodeId)) + g.Count;
        }
        return new VersionPaths("loan-approval", version, At, null, premium + declined, 2, groups, nodes,
            edges.Select(e => new EdgeTraffic(e.Key.Item1, e.Key.Item2, e.Key.Item3, e.Value)).ToList());
    }

    private IRenderedComponent<FlowCanvas> Canvas(RunPaint paint)
    {
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        return Render<FlowCanvas>(p => p.Add(c => c.Graph, GraphLayoutCache.Layout(definition)).Add(c => c.Definition, definition).Add(c => c.Paint, paint));
    }

    [Fact]
    public void Counts_PaintEveryNodeWithTheRunsThatReachedIt_AndEveryEdgeAsThickAsItsShare_ABranchNobodyTookStandsOut()
    {
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var canvas = Canvas(RunPaint.ForTraffic(Paths(2, 80, 20), null, definition));

        Assert.Equal("80", canvas.Find(".flow-node[data-node-id='card-premium']").GetAttribute("data-reached"));
        Assert.Contains("80 runs · 80 %", canvas.Find(".flow-node[data-node-id='card-premium'] .node-reached").TextContent);
        Assert.Contains("100 runs · 100 %", canvas.Find(".flow-node[data-node-id='done'] .node-reached").TextContent);
        var standard = canvas.Find(".flow-node[data-node-id='card-standard']");
        Assert.Contains("unreached", standard.ClassName);
        Assert.Contains("no run reached it", standard.TextContent);

        var premium = canvas.Find("g.edge[data-from='segment'][data-port='premium']");
        Assert.Contains("traffic", premium.ClassName);
        Assert.Equal("80", premium.GetAttribute("data-runs"));
        Assert.Equal("80 %", premium.QuerySelector(".edge-count text")!.TextContent);
        var declined = canvas.Find("g.edge[data-from='eligible'][data-port='false']");
        Assert.Equal("20 %", declined.QuerySelector(".edge-count text")!.TextContent);
        // Thickness follows the share.
        Assert.Contains("stroke-width:7.9px", premium.QuerySelector("path")!.GetAttribute("style"));
        Assert.Contains("stroke-width:3.1px", declined.QuerySelector("path")!.GetAttribute("style"));
        // The timeout branch and the standard cards: no run took them.
        Assert.All(canvas.FindAll("g.edge[data-from='wait-accept'][data-port='timeout'], g.edge[data-from='segment'][data-port='standard']"),
            e => Assert.Contains("unused", e.ClassName));
        Assert.Contains("100 ended runs", canvas.Find("[data-field=canvas-caption]").TextContent);
    }

    [Fact]
    public void TwoVersions_EachEdgeShowsItsShareBeforeAndAfter_AndANewBranchSaysSo()
    {
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var before = Paths(1, 50, 50);
        var after = Paths(2, 80, 20);
        // In v2 some customers went the standard way, which v1 never sent anyone along.
        after = after with
        {
            Edges = [.. after.Edges, new EdgeTraffic("segment", "standard", "card-standard", 18)],
            NodeRuns = new Dictionary<string, int>(after.NodeRuns) { ["card-standard"] = 18 },
        };
        var canvas = Canvas(RunPaint.ForTraffic(after, before, definition));

        Assert.Equal("50 % → 80 %", canvas.Find("g.edge[data-from='segment'][data-port='premium'] .edge-count text").TextContent);
        Assert.Equal("50 % → 20 %", canvas.Find("g.edge[data-from='eligible'][data-port='false'] .edge-count text").TextContent);
        Assert.Equal("new: 18 %", canvas.Find("g.edge[data-from='segment'][data-port='standard'] .edge-count text").TextContent);
        Assert.Contains("v1's share", canvas.Find("[data-field=canvas-caption]").TextContent);
    }

    [Fact]
    public void OnePath_IsPaintedLikeARun_ItsEdgesInOrder_AndTheRestNotReached()
    {
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var declined = Paths(2, 80, 20).Groups[1];
        var canvas = Canvas(RunPaint.ForPath(declined, definition));

        Assert.Equal("Completed", canvas.Find(".flow-node[data-node-id='declined']").GetAttribute("data-status"));
        Assert.Equal("NotReached", canvas.Find(".flow-node[data-node-id='segment']").GetAttribute("data-status"));
        Assert.Equal("3", canvas.Find("g.edge[data-from='eligible'][data-port='false']").GetAttribute("data-order"));
        Assert.Contains("not-taken", canvas.Find("g.edge[data-from='eligible'][data-port='true']").ClassName);
        Assert.Contains("taken by 20 runs", canvas.Find("[data-field=canvas-caption]").TextContent);
        Assert.Empty(canvas.FindAll("[data-toggle=all-modes], .value-toggle")); // no one run's values to switch to
    }

    [Fact]
    public void TheGroupsTable_ListsEachPathInWords_WithItsShareAndOutcomes_AndARowSelectsIt()
    {
        PathGroup? selected = null;
        var failing = Group(3, 6, 0, 6, ("start", "default"), ("eligibility", "default"), ("eligible", "true"), ("segment", null));
        var table = Render<PathGroupTable>(p => p.Add(t => t.Groups, [.. Paths(2, 80, 14).Groups, failing]).Add(t => t.OnSelect, (PathGroup g) => selected = g));
        var rows = table.FindAll(".path-row");
        Assert.Equal(3, rows.Count);
        Assert.Contains("eligible label [true] → segment label [premium] → card-premium label", rows[0].TextContent);
        Assert.Contains("✔ 80", rows[0].TextContent);
        Assert.Contains("✖ 6", rows[2].TextContent);
        rows[2].Click();
        Assert.Equal(3, selected!.PathId);
        Assert.Empty(Render<PathGroupTable>(p => p.Add(t => t.Groups, [])).FindAll(".path-row"));
    }
}
