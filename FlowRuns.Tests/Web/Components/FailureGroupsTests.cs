using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Failures;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Runs;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The failure groups' table and a group painted on its node of the graph.</summary>
public class FailureGroupsTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static FailureGroup Group(int version, string node, string code, int count, int of) =>
        new("loan-approval", "Loan approval card", version, node, node == "segment" ? "Customer segment" : node, code, count, of, At, At.AddHours(2),
            $"{code} at {node}\nmore detail", ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]);

    [Fact]
    public void Rows_ShowCountShareMessageAndSamples_AndTheCountLinksToTheFilteredRuns()
    {
        FailureGroup? selected = null;
        var table = Render<FailureGroupTable>(p => p
            .Add(t => t.Groups, [Group(2, "segment", "MISSING_BRANCH", 6, 20), Group(2, "crm", "HTTP_ERROR", 3, 20)])
            .Add(t => t.WindowQuery, "range=7d")
            .Add(t => t.OnSelect, (FailureGroup g) => selected = g));
        var rows = table.FindAll(".failure-row");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Customer segment", rows[0].TextContent);
        Assert.Contains("MISSING_BRANCH", rows[0].TextContent);
        Assert.Contains((0.3).ToString("P1"), rows[0].TextContent);
        Assert.Contains("MISSING_BRANCH at segment", rows[0].TextContent);
        Assert.DoesNotContain("more detail", rows[0].TextContent); // first line only; the whole message on hover
        Assert.Equal(2, rows[0].QuerySelectorAll("[data-field=sample-run]").Length);
        Assert.Equal("/runs?status=Failed&flow=loan-approval&version=2&errorCode=MISSING_BRANCH&node=segment&range=7d",
            rows[0].QuerySelector("[data-field=group-runs]")!.GetAttribute("href"));
        rows[1].Click();
        Assert.Equal("crm", selected!.NodeId);
    }

    [Fact]
    public void NoFailures_SaysSo()
    {
        var table = Render<FailureGroupTable>(p => p.Add(t => t.Groups, []));
        Assert.Contains("No run failed", table.Find("[data-field=no-failures]").TextContent);
    }

    [Fact]
    public void AGroupPaintedOnTheGraph_MarksItsNodeFailedWithItsCount_AndLeavesTheRestAsAuthored()
    {
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var canvas = Render<FlowCanvas>(p => p.Add(c => c.Graph, GraphLayoutCache.Layout(definition)).Add(c => c.Definition, definition)
            .Add(c => c.Paint, RunPaint.ForFailureGroup(Group(1, "segment", "MISSING_BRANCH", 6, 20))));
        var node = canvas.Find(".flow-node[data-node-id='segment']");
        Assert.Equal("Failed", node.GetAttribute("data-status"));
        Assert.Contains("MISSING_BRANCH", node.QuerySelector(".node-error")!.TextContent);
        Assert.Contains("6 runs", node.QuerySelector(".node-error")!.TextContent);
        Assert.All(canvas.FindAll(".flow-node:not([data-node-id='segment'])"), n => Assert.Equal("Authored", n.GetAttribute("data-status")));
        Assert.All(canvas.FindAll("g.edge"), e => Assert.Contains("authored", e.ClassName));
        Assert.Empty(canvas.FindAll("[data-toggle=all-modes]"));
    }
}
