using Bunit;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Runs;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Web.Components;

/// <summary>
/// Every failure is painted on the node where it happened, whatever its code — whether the step there failed itself or
/// completed and the run broke on it (no edge for its port, the step limit, an interrupted walk) — and the timeline row and
/// the side panel say the same. Events are counted on the node that fired them; Enter and Space open a node's panel.
/// </summary>
public class FailureOnNodeTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static readonly FlowDefinition Loan = DemoFlows.Load().Single(f => f.Key == "loan-approval");

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static StepView Step(int sequence, string node, string status, string? port = null, ErrorView? error = null) =>
        new(sequence, node, 1, status, port, At.AddSeconds(sequence), At.AddSeconds(sequence + 0.5), 500, null, null, [], [], error);

    /// <summary>The loan flow walked to the segment switch, which then failed (its own step, or the run on it).</summary>
    private static RunDetail FailedAtSegment(string code, bool stepFailedItself, IReadOnlyList<RunEventView>? events = null)
    {
        var error = ErrorView.From(code, $"{code} happened at segment", null)!;
        StepView[] steps =
        [
            Step(1, "start", "Completed", "default"),
            Step(2, "eligibility", "Completed", "default"),
            Step(3, "eligible", "Completed", "true"),
            stepFailedItself ? Step(4, "segment", "Failed", null, error) : Step(4, "segment", "Completed", "gold"),
        ];
        return new RunDetail("r1", "loan-approval", "Loan", 1, "c-1", "Failed", "event", At, At.AddSeconds(5), 5000, 4, "segment",
            error, null, [], null, false, null, null, null, null, null, null, steps, events ?? [], []);
    }

    private IRenderedComponent<FlowCanvas> Canvas(RunDetail run, Action<string>? onSelect = null) => Render<FlowCanvas>(p => p
        .Add(c => c.Graph, GraphLayoutCache.Layout(Loan))
        .Add(c => c.Definition, Loan)
        .Add(c => c.Paint, RunPaint.From(run, Loan))
        .Add(c => c.OnNodeSelected, (string id) => onSelect?.Invoke(id)));

    [Theory]
    [InlineData("MISSING_BRANCH", false)]
    [InlineData("STEP_LIMIT", false)]
    [InlineData("INTERRUPTED", false)]
    [InlineData("EXPRESSION_ERROR", true)]
    [InlineData("MISSING_DATA", true)]
    [InlineData("HTTP_ERROR", true)]
    [InlineData("HTTP_TIMEOUT", true)]
    [InlineData("STOP_ERROR", true)]
    [InlineData("SUBFLOW_FAILED", true)]
    public void TheFailure_IsOnItsNode_InTheTimeline_AndInThePanel(string code, bool stepFailedItself)
    {
        var run = FailedAtSegment(code, stepFailedItself);
        var canvas = Canvas(run);
        var node = canvas.Find(".flow-node[data-node-id='segment']");
        Assert.Equal("Failed", node.GetAttribute("data-status"));
        Assert.Contains("status-failed", node.ClassName);
        Assert.Contains(code, node.QuerySelector(".node-error")!.TextContent);
        Assert.Contains($"{code} happened at segment", node.GetAttribute("title"));
        // The nodes before it are not painted as failed.
        Assert.Equal("Completed", canvas.Find(".flow-node[data-node-id='eligible']").GetAttribute("data-status"));

        var timeline = Render<StepTimeline>(p => p.Add(c => c.Run, run).Add(c => c.Graph, GraphLayoutCache.Layout(Loan)));
        var row = timeline.Find(".timeline-row[data-step='4']");
        Assert.Equal("Failed", row.GetAttribute("data-status"));
        Assert.Contains(code, row.QuerySelector("[data-field=error]")!.TextContent);
        // Rows read by node label with the type's glyph (id and type on hover), and when the step started.
        var label = row.QuerySelector("[data-field=step-label]")!;
        Assert.Equal(StepTimeline.TypeIcon("switch") + "Customer segment", label.TextContent);
        Assert.Equal("Customer segment — segment (switch)", row.QuerySelector(".timeline-node")!.GetAttribute("title"));
        var step = run.Steps.Single(s => s.Sequence == 4);
        Assert.Equal(step.StartedAt.UtcDateTime.ToString("HH:mm:ss"), row.QuerySelector("[data-field=step-started]")!.TextContent);

        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(Loan).Node("segment")!));
        Assert.Contains(code, panel.Find("[data-field='error']").TextContent);
        Assert.Contains("Failed", panel.Find(".visit").TextContent);
    }

    [Fact]
    public void MissingBranch_DrawsADashedStubLabelledWithThePortThatHadNoEdge()
    {
        var canvas = Canvas(FailedAtSegment("MISSING_BRANCH", stepFailedItself: false));
        var stub = canvas.Find(".flow-node[data-node-id='segment'] .missing-branch");
        Assert.Equal("gold", stub.GetAttribute("data-port"));
        Assert.Equal("gold → no edge", stub.TextContent.Trim());
        Assert.Single(canvas.FindAll(".missing-branch"));
        Assert.Empty(Canvas(FailedAtSegment("STEP_LIMIT", stepFailedItself: false)).FindAll(".missing-branch"));
    }

    [Fact]
    public void ACompletedRun_HasNoFailureAnywhere()
    {
        var run = FailedAtSegment("STEP_LIMIT", stepFailedItself: false) with { Status = "Completed", Error = null };
        var canvas = Canvas(run);
        Assert.Empty(canvas.FindAll(".flow-node.status-failed"));
        Assert.Empty(canvas.FindAll(".node-error"));
        Assert.Empty(Render<StepTimeline>(p => p.Add(c => c.Run, run)).FindAll("[data-status=Failed]"));
    }

    [Fact]
    public void EventsBadge_CountsTheEventsOfTheNodesSteps_AndOpensItsPanel()
    {
        RunEventView Event(string name, int? step) => new(name, At, step, null);
        var run = FailedAtSegment("STOP_ERROR", true, [Event("http.called", 2), Event("subflow.started", 2), Event("card.viewed", 3), Event("stray", null)]);
        string? shown = null;
        var canvas = Render<FlowCanvas>(p => p
            .Add(c => c.Graph, GraphLayoutCache.Layout(Loan)).Add(c => c.Definition, Loan).Add(c => c.Paint, RunPaint.From(run, Loan))
            .Add(c => c.OnShowEvents, (string id) => shown = id));
        Assert.Equal("2", canvas.Find(".flow-node[data-node-id='eligibility'] .events-badge").GetAttribute("data-events"));
        Assert.Contains("2 events", canvas.Find(".flow-node[data-node-id='eligibility'] .events-badge").TextContent);
        Assert.Contains("1 event", canvas.Find(".flow-node[data-node-id='eligible'] .events-badge").TextContent);
        Assert.Empty(canvas.FindAll(".flow-node[data-node-id='segment'] .events-badge"));
        canvas.Find(".flow-node[data-node-id='eligibility'] .events-badge").Click();
        Assert.Equal("eligibility", shown);

        // The page's Events list groups them under their step, in time order; a row selects its node.
        string? selected = null;
        var list = Render<RunEventList>(p => p.Add(c => c.Run, run).Add(c => c.Graph, GraphLayoutCache.Layout(Loan)).Add(c => c.OnSelect, (string id) => selected = id));
        var groups = list.FindAll(".event-group");
        Assert.Equal(["2", "3", null], groups.Select(g => g.GetAttribute("data-step")));
        Assert.Equal(2, groups[0].QuerySelectorAll("[data-field=event]").Length);
        list.Find(".event-group[data-step='3'] .event-group-head").Click();
        Assert.Equal("eligible", selected);
    }

    [Fact]
    public void ACardViewedWhileTheRunWaits_ShowsOnTheWaitNode_AnAwaitedEventStaysOnItsStep()
    {
        StepView[] steps =
        [
            Step(1, "start", "Completed", "default"), Step(2, "eligibility", "Completed", "default"), Step(3, "eligible", "Completed", "true"),
            Step(4, "segment", "Completed", "premium"), Step(5, "card-premium", "Completed", "default"),
            Step(6, "wait-accept", "Waiting") with { EndedAt = null, DurationMs = null },
        ];
        RunEventView[] events =
        [
            new("card.sent", At.AddSeconds(5.2), 5, null),
            new("card.viewed", At.AddSeconds(9), 5, null) { NotAwaited = true }, // filed under the send, arrived during the wait
        ];
        var run = new RunDetail("r2", "loan-approval", "Loan", 1, "c-1", "Waiting", "event", At, null, null, 6, "wait-accept",
            null, null, [], null, false, "card.completed", null, null, null, null, null, steps, events, []);
        var canvas = Canvas(run);
        Assert.Equal("1", canvas.Find(".flow-node[data-node-id='wait-accept']").GetAttribute("data-events"));
        Assert.Equal("1", canvas.Find(".flow-node[data-node-id='card-premium']").GetAttribute("data-events"));

        var paint = RunPaint.From(run, Loan);
        var panel = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(Loan).Node("wait-accept")!).Add(c => c.Events, paint.Events));
        Assert.Contains("card.viewed", panel.Find("[data-field='event']").TextContent);
        Assert.Empty(panel.FindAll("[data-field='events-first']"));
        var fromBadge = Render<StepPanel>(p => p.Add(c => c.Run, run).Add(c => c.Node, GraphLayoutCache.Layout(Loan).Node("wait-accept")!).Add(c => c.Events, paint.Events).Add(c => c.EventsFirst, true));
        Assert.Contains("card.viewed", Assert.Single(fromBadge.FindAll("[data-field='node-event']")).TextContent);
        var list = Render<RunEventList>(p => p.Add(c => c.Run, run).Add(c => c.Graph, GraphLayoutCache.Layout(Loan)).Add(c => c.Events, paint.Events));
        Assert.Contains("card.viewed", list.Find(".event-group[data-step='6']").TextContent);
        Assert.DoesNotContain("card.viewed", list.Find(".event-group[data-step='5']").TextContent);
    }

    [Theory]
    [InlineData("Enter")]
    [InlineData(" ")]
    public void EnterOrSpace_OnANode_SelectsIt_OtherKeysDoNot(string key)
    {
        string? selected = null;
        var canvas = Canvas(FailedAtSegment("STOP_ERROR", true), id => selected = id);
        canvas.Find(".flow-node[data-node-id='eligible'] .node-button").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "a" });
        Assert.Null(selected);
        canvas.Find(".flow-node[data-node-id='eligible'] .node-button").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key });
        Assert.Equal("eligible", selected);
    }
}
