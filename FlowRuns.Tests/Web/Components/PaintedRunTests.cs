using Bunit;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Runs;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Web.Components;

/// <summary>A stored run painted on its graph: statuses, taken edges, names ↔ values, missing variables, visits, the side panel.</summary>
public class PaintedRunTests : EngineComponentTestContext
{
    protected override Action<FlowRunsEngineOptions>? ConfigureEngine => o => o.Secrets["crmToken"] = "tok-98765";

    protected override Task SeedAsync() => Engine.PublishDemoFlowsAsync();

    private static FlowDefinition Definition(string key) => DemoFlows.Load().Single(f => f.Key == key);

    private async Task<RunDetail> PremiumLoanAsync(object? attributes = null)
    {
        await Engine.CreateContactAsync("c-17", attributes ?? new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 });
        return await Engine.RunAsync("loan-approval", "c-17", contactEvent: new Dictionary<string, object?> { ["amount"] = 5000m });
    }

    private IRenderedComponent<FlowCanvas> Render(RunDetail run, FlowDefinition definition, ExpressionMode mode = ExpressionMode.Names, IReadOnlyDictionary<string, ExpressionMode>? nodeModes = null) =>
        Render<FlowCanvas>(p => p
            .Add(c => c.Graph, GraphLayoutCache.Layout(definition))
            .Add(c => c.Definition, definition)
            .Add(c => c.Paint, RunPaint.From(run, definition))
            .Add(c => c.Mode, mode)
            .Add(c => c.NodeModes, nodeModes ?? new Dictionary<string, ExpressionMode>()));

    [Fact]
    public void WithoutARun_TheGraphIsDrawnAsAuthored_NoStatusesNoValueToggles()
    {
        var definition = Definition("loan-approval");
        var canvas = Render<FlowCanvas>(p => p.Add(c => c.Graph, GraphLayoutCache.Layout(definition)).Add(c => c.Definition, definition));

        Assert.Equal(10, canvas.FindAll(".flow-node").Count);
        Assert.All(canvas.FindAll(".flow-node"), node => Assert.Equal("Authored", node.GetAttribute("data-status")));
        Assert.DoesNotContain("Not reached", canvas.Markup);
        Assert.Empty(canvas.FindAll(".value-toggle"));
        Assert.Empty(canvas.FindAll("[data-toggle=all-modes]"));
        Assert.Equal(13, canvas.FindAll("g.edge").Count);
        Assert.All(canvas.FindAll("g.edge"), edge => Assert.Contains("authored", edge.ClassName));
        Assert.Contains("%{customerSegment}", canvas.Find(".flow-node[data-node-id=segment] .node-expression").TextContent);
    }

    [Fact]
    public async Task Nodes_CarryTheStatusOfWhatTheyDid_WithIconAndWord()
    {
        var run = await PremiumLoanAsync();
        var canvas = Render(run, Definition("loan-approval"));
        string Status(string id) => canvas.Find($".flow-node[data-node-id='{id}']").GetAttribute("data-status")!;
        Assert.Equal("Completed", Status("segment"));
        Assert.Equal("Completed", Status("card-premium"));
        Assert.Equal("Waiting", Status("wait-accept"));
        Assert.Equal("NotReached", Status("card-standard"));
        Assert.Equal("NotReached", Status("declined"));
        Assert.Contains("status-waiting", canvas.Find(".flow-node[data-node-id='wait-accept']").ClassName);
        Assert.Contains("Not reached", canvas.Find(".flow-node[data-node-id='declined'] .node-status").TextContent);
        Assert.Contains("→ premium", canvas.Find(".flow-node[data-node-id='segment'] .node-status").TextContent);
        Assert.Contains("→ TRUE", canvas.Find(".flow-node[data-node-id='eligible'] .node-status").TextContent);
    }

    [Fact]
    public async Task Edges_TakenAreStrongWithTheirOrder_OthersDimmed()
    {
        var run = await PremiumLoanAsync();
        var canvas = Render(run, Definition("loan-approval"));
        var taken = canvas.FindAll(".edge.taken").Select(e => (e.GetAttribute("data-from"), e.GetAttribute("data-to"), e.GetAttribute("data-order"))).ToList();
        Assert.Equal([("start", "eligibility", "1"), ("eligibility", "eligible", "2"), ("eligible", "segment", "3"), ("segment", "card-premium", "4"), ("card-premium", "wait-accept", "5")], taken);
        Assert.Equal(8, canvas.FindAll(".edge.not-taken").Count);
        Assert.Equal("premium", canvas.Find(".edge.taken[data-to='card-premium']").GetAttribute("data-port"));
    }

    [Fact]
    public async Task Toggle_FlipsNamesAndValues_ForOneNodeAndForAll()
    {
        var run = await PremiumLoanAsync();
        var definition = Definition("loan-approval");
        string Expression(IRenderedComponent<FlowCanvas> c, string id) => c.Find($".flow-node[data-node-id='{id}'] .node-expression").TextContent.Trim();

        var names = Render(run, definition);
        Assert.StartsWith("%{customerSegment}", Expression(names, "segment"));

        var all = Render(run, definition, ExpressionMode.Values);
        Assert.StartsWith("\"premium\"", Expression(all, "segment"));
        Assert.StartsWith("true == true", Expression(all, "eligible"));

        var both = Render(run, definition, ExpressionMode.Both);
        Assert.StartsWith("%{customerSegment} = \"premium\"", Expression(both, "segment"));
        Assert.StartsWith("%{steps.eligibility.output.eligible} = true == true", Expression(both, "eligible"));

        var one = Render(run, definition, nodeModes: new Dictionary<string, ExpressionMode> { ["segment"] = ExpressionMode.Values });
        Assert.StartsWith("\"premium\"", Expression(one, "segment"));
        Assert.StartsWith("%{steps.eligibility", Expression(one, "eligible"));

        var back = Render(run, definition, ExpressionMode.Values, new Dictionary<string, ExpressionMode> { ["segment"] = ExpressionMode.Names });
        Assert.StartsWith("%{customerSegment}", Expression(back, "segment"));
        Assert.Equal("names", back.Find(".flow-node[data-node-id=segment] .value-toggle").GetAttribute("data-mode"));
    }

    [Fact]
    public async Task ToggleChip_AsksToFlipThatNode()
    {
        var run = await PremiumLoanAsync();
        var definition = Definition("loan-approval");
        string? toggled = null;
        var canvas = Render<FlowCanvas>(p => p
            .Add(c => c.Graph, GraphLayoutCache.Layout(definition)).Add(c => c.Definition, definition)
            .Add(c => c.Paint, RunPaint.From(run, definition))
            .Add(c => c.OnCycleNodeMode, (string id) => toggled = id));
        canvas.Find(".flow-node[data-node-id='segment'] .value-toggle").Click();
        Assert.Equal("segment", toggled);
    }

    [Fact]
    public async Task MissingVariable_IsShownAsMissing_NotAsEmpty()
    {
        var run = await PremiumLoanAsync(new { firstName = "Dev", employmentStatus = "employed", creditLimit = 10000 });
        var canvas = Render(run, Definition("loan-approval"), ExpressionMode.Values);
        var expression = canvas.Find(".flow-node[data-node-id='segment'] .node-expression");
        Assert.Contains("⟨customerSegment missing⟩", expression.TextContent);
        Assert.NotNull(expression.QuerySelector(".seg-missing"));
        var warning = canvas.Find(".flow-node[data-node-id='segment'] .node-warning");
        Assert.Equal("1", warning.GetAttribute("data-warnings"));
        Assert.Contains("customerSegment", warning.TextContent); // the warning itself, on the node
        Assert.Contains("⚠", canvas.Find(".flow-node[data-node-id='segment']").GetAttribute("title"));
        Assert.Equal("default", canvas.Find(".edge.taken[data-from='segment']").GetAttribute("data-port"));
    }

    [Fact]
    public async Task NodeVisitedSeveralTimes_ShowsEveryVisit()
    {
        await Engine.PublishAsync(Json.Flow("loop",
            [
                new { id = "inc", type = "set", label = "Count", assign = new Dictionary<string, string> { ["n"] = "%{n} + 1" } },
                new { id = "again", type = "condition", label = "Again?", expression = "%{n} < 3" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "inc" }, new { from = "inc", to = "again" }, new { from = "again", to = "inc", when = "true" }, new { from = "again", to = "e", when = "false" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("loop", "c-1", new { n = 0 });
        var definition = (await Engine.Catalog.GetAsync("loop")).Graph.Definition;
        var canvas = Render(run, definition);
        Assert.Equal("3", canvas.Find(".flow-node[data-node-id='inc']").GetAttribute("data-visits"));
        Assert.Contains("×3", canvas.Find(".flow-node[data-node-id='inc'] .node-status").TextContent);
        Assert.Equal("2,4", canvas.Find(".edge.taken[data-from='inc']").GetAttribute("data-order")!.Split(',').Take(2).Aggregate((a, b) => a + "," + b));

        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(definition).Node("inc")!));
        Assert.Equal(3, panel.FindAll(".visit").Count);
        Assert.Contains("visit 3 of 3", panel.FindAll(".visit")[2].TextContent);
    }

    [Fact]
    public async Task SidePanel_ForASend_ShowsTheMessageAsTheCustomerSawIt_ItsEventsAndDelivery()
    {
        var run = await PremiumLoanAsync();
        var definition = Definition("loan-approval");
        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(definition).Node("card-premium")!));
        Assert.Contains("Hi Ana, your loan of 5000 is approved at our premium rate.", panel.Find("[data-field='message']").TextContent);
        Assert.Contains("Your loan is approved", panel.Find("[data-field='message']").TextContent);
        Assert.Contains("card.sent", panel.Find("[data-field='event']").TextContent);
        Assert.Contains("card", panel.Find("[data-field='delivery']").TextContent);
        Assert.Contains("%{firstName}", panel.Find("[data-field='resolutions']").TextContent);
    }

    [Fact]
    public async Task SidePanel_ForAFailedHttpCall_ShowsTheErrorAndTheRedactedRequest()
    {
        var outage = FlowJson.ToJson(Definition("service-disruption"));
        outage["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == "crm")!["url"] = "http://127.0.0.1:9/credits";
        await Engine.PublishAsync(outage);
        await Engine.CreateContactAsync("c-5", new { creditAmount = 10 });
        var started = await Engine.Events.PostAsync(new ContactEvent("c-5", "outage.detected", new Dictionary<string, object?> { ["area"] = "north", ["eta"] = "18:00" }));
        var id = started.Started[0];
        await Engine.WaitForAsync(id, r => r.WaitingFor == "card.dismissed");
        await Engine.Events.PostAsync(new ContactEvent("c-5", "card.dismissed", new Dictionary<string, object?>()));
        await Engine.WaitForAsync(id, r => r.WaitingFor == "card.completed");
        await Engine.Events.PostAsync(new ContactEvent("c-5", "card.completed", new Dictionary<string, object?>()));
        var run = await Engine.WaitForStatusAsync(id, "Failed");
        var definition = (await Engine.Catalog.GetAsync("service-disruption")).Graph.Definition;

        var canvas = Render(run, definition);
        Assert.Equal("Failed", canvas.Find(".flow-node[data-node-id='crm']").GetAttribute("data-status"));
        Assert.Contains("HTTP_BLOCKED_TARGET", canvas.Find(".flow-node[data-node-id='crm'] .node-error").TextContent);
        Assert.Contains("STOP_ERROR", canvas.Find(".flow-node[data-node-id='crm-failed'] .node-error").TextContent);

        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(definition).Node("crm")!));
        Assert.Contains("HTTP_BLOCKED_TARGET", panel.Find("[data-field='error']").TextContent);
        var request = panel.Find("[data-field='request']").TextContent;
        Assert.Contains("\"Authorization\": \"***\"", request);
        Assert.DoesNotContain("tok-98765", panel.Markup);
    }

    [Fact]
    public async Task SidePanel_ForASwitch_ShowsItsWholeExpression_WithNamesAndValues()
    {
        var run = await PremiumLoanAsync();
        var definition = Definition("loan-approval");
        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(definition).Node("segment")!)
            .Add(c => c.Expression, NodeExpression.Of(definition, "segment")));
        Assert.Equal("%{customerSegment}", panel.Find("[data-field='expression']").TextContent.Trim());
        Assert.Equal("%{customerSegment} = \"premium\"", panel.Find("[data-field='expression-values']").TextContent.Trim());
    }

    [Fact]
    public async Task NodeNotReached_PanelSaysSo()
    {
        var run = await PremiumLoanAsync();
        var definition = Definition("loan-approval");
        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(definition).Node("declined")!));
        Assert.Contains("did not reach", panel.Find("[data-field='not-reached']").TextContent);
    }

    [Fact]
    public void Layout_PlacesEveryNodeWithoutOverlap_AndRoutesEveryEdge()
    {
        var graph = GraphLayoutCache.Layout(Definition("loan-approval"));
        Assert.Equal(10, graph.Nodes.Count);
        Assert.Equal(13, graph.Edges.Count);
        foreach (var a in graph.Nodes)
            foreach (var b in graph.Nodes.Where(b => b != a))
                Assert.False(a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height, $"{a.Id} overlaps {b.Id}");
        Assert.All(graph.Edges, e => Assert.True(e.Points.Count >= 2));
    }
}

/// <summary>Render cost: a new step re-renders only the nodes whose paint changed.</summary>
public class CanvasRenderCostTests : EngineComponentTestContext
{
    protected override Task SeedAsync() => Engine.PublishDemoFlowsAsync();

    [Fact]
    public async Task ResumingTheWait_ReRendersOnlyTheTwoNodesThatChanged()
    {
        await Engine.CreateContactAsync("c-17", new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 });
        var waiting = await Engine.RunAsync("loan-approval", "c-17", contactEvent: new Dictionary<string, object?> { ["amount"] = 5000m });
        var definition = DemoFlows.Load().Single(f => f.Key == "loan-approval");
        var graph = GraphLayoutCache.Layout(definition);
        var canvas = Render<FlowCanvas>(p => p.Add(c => c.Graph, graph).Add(c => c.Definition, definition).Add(c => c.Paint, RunPaint.From(waiting, definition)));

        await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?>()));
        var completed = await Engine.WaitForStatusAsync(waiting.Id, "Completed");
        var before = canvas.Instance.NodeRenders;
        canvas.Render(p => p.Add(c => c.Paint, RunPaint.From(completed, definition)));
        canvas.WaitForAssertion(() => Assert.Equal("Completed", canvas.Find(".flow-node[data-node-id='done']").GetAttribute("data-status")));
        var rendered = canvas.Instance.NodeRenders - before;

        Assert.Equal(2, rendered); // wait-accept (Waiting → Completed) and done (not reached → Completed); 8 nodes untouched
    }
}
