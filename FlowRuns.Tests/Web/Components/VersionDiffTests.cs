using Bunit;
using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Flows;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Runs;

namespace FlowRuns.Tests.Web.Components;

/// <summary>Two versions' diff painted on one canvas: what was added, removed and changed, in place.</summary>
public class VersionDiffTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static FlowDefinition Tiers(bool silver) => FlowJson.Parse(Json.Flow("tiers",
        silver
            ? [new { id = "route", type = "switch", label = "Route by tier", on = "%{tier}", cases = new[] { "gold", "silver" } }, new { id = "thanks", type = "set", label = "Thank silver", assign = new Dictionary<string, string> { ["t"] = "1" } }, new { id = "done", type = "end", label = "Done" }]
            : [new { id = "route", type = "switch", label = "Route by tier", on = "%{tier}", cases = new[] { "gold" } }, new { id = "refuse", type = "stopError", label = "Refuse", message = "no" }, new { id = "done", type = "end", label = "Done" }],
        silver
            ? [new { from = "start", to = "route" }, new { from = "route", when = "gold", to = "done" }, new { from = "route", when = "silver", to = "thanks" }, new { from = "thanks", to = "done" }]
            : [new { from = "start", to = "route" }, new { from = "route", when = "gold", to = "done" }, new { from = "route", when = "default", to = "refuse" }]));

    [Fact]
    public void TheDiff_PaintsAddedRemovedAndChangedNodesAndEdges_OnOneGraph()
    {
        var after = Tiers(silver: true);
        var diff = FlowDiff.Of(1, Tiers(silver: false), 2, after);
        var union = VersionDiffGraph.Union(diff, after);
        var canvas = Render<FlowCanvas>(p => p.Add(c => c.Graph, GraphLayoutCache.Layout(union)).Add(c => c.Definition, union).Add(c => c.Paint, RunPaint.ForDiff(diff, union)));

        Assert.Equal("Added", canvas.Find(".flow-node[data-node-id='thanks']").GetAttribute("data-status"));
        var removed = canvas.Find(".flow-node[data-node-id='refuse']");
        Assert.Equal("Removed", removed.GetAttribute("data-status"));
        Assert.Contains("removed in v2", removed.TextContent);
        var route = canvas.Find(".flow-node[data-node-id='route']");
        Assert.Equal("Changed", route.GetAttribute("data-status"));
        Assert.Contains("cases was: [\"gold\"]", route.QuerySelector("[data-field=node-change]")!.TextContent);
        Assert.Equal("Authored", canvas.Find(".flow-node[data-node-id='done']").GetAttribute("data-status"));
        Assert.Equal("added", canvas.Find("g.edge[data-from='route'][data-port='silver']").GetAttribute("data-change"));
        Assert.Equal("removed", canvas.Find("g.edge[data-from='route'][data-port='default']").GetAttribute("data-change"));
        Assert.Null(canvas.Find("g.edge[data-from='route'][data-port='gold']").GetAttribute("data-change"));
        Assert.Contains("1 node added, 1 removed, 1 changed; 2 edges added, 1 removed", canvas.Find("[data-field=canvas-caption]").TextContent);
    }
}
