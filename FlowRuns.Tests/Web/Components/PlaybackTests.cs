using Bunit;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Runs;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Web.Components;

/// <summary>An ended run replayed on its graph: each frame is the run as it stood after that many steps; waits play compressed.</summary>
public class PlaybackTests : EngineComponentTestContext
{
    protected override Task SeedAsync() => Engine.PublishDemoFlowsAsync();

    private static FlowDefinition Definition(string key) => DemoFlows.Load().Single(f => f.Key == key);

    private async Task<RunDetail> DeclinedLoanAsync()
    {
        await Engine.CreateContactAsync("c-9", new { firstName = "Ben", customerSegment = "standard", employmentStatus = "unemployed", creditLimit = 100 });
        var run = await Engine.RunAsync("loan-approval", "c-9", contactEvent: new Dictionary<string, object?> { ["amount"] = 5000m });
        return await Engine.WaitForStatusAsync(run.Id, "Completed");
    }

    [Fact]
    public async Task AFrame_IsTheRunAfterThatManySteps_TheLastOneStillWalking()
    {
        var run = await DeclinedLoanAsync();
        var steps = run.Steps.OrderBy(s => s.Sequence).ToList();
        Assert.True(steps.Count >= 4);

        var frame = RunPlayback.Frame(run, 2);
        Assert.Equal(("Running", 2, steps[1].NodeId), (frame.Status, frame.Steps.Count, frame.CurrentNodeId));
        Assert.Equal("Running", frame.Steps[^1].Status);
        Assert.Null(frame.EndedAt);
        Assert.All(frame.Events, e => Assert.True(e.StepSequence is null || e.StepSequence < steps[1].Sequence));
        Assert.Same(run, RunPlayback.Frame(run, steps.Count)); // the last frame is the run itself

        var definition = Definition("loan-approval");
        var canvas = Render<FlowCanvas>(p => p.Add(c => c.Graph, GraphLayoutCache.Layout(definition)).Add(c => c.Definition, definition)
            .Add(c => c.Paint, RunPaint.From(frame, definition)));
        Assert.Equal("Running", canvas.Find($".flow-node[data-node-id='{steps[1].NodeId}']").GetAttribute("data-status"));
        Assert.Equal("NotReached", canvas.Find(".flow-node[data-node-id='declined']").GetAttribute("data-status"));
    }

    [Fact]
    public void Pauses_FollowTheRunsTiming_WaitsCompressed_AndTenTimesIsFaster()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        StepView Step(int sequence, TimeSpan after) => new(sequence, "n" + sequence, 1, "Completed", "default", at + after, at + after, 0, null, null, [], [], null);
        var run = new RunDetail("r", "f", "F", 1, "c", "Completed", "api", at, at.AddDays(3), 0, 9, "n3", null, null, [], null, false, null, null, null, null, null, null,
            [Step(1, TimeSpan.Zero), Step(2, TimeSpan.FromMilliseconds(600)), Step(3, TimeSpan.FromDays(3))], [], []);

        Assert.Equal(TimeSpan.FromMilliseconds(600), RunPlayback.Pause(run, 1, 1));      // real timing
        Assert.Equal(RunPlayback.LongestPause, RunPlayback.Pause(run, 2, 1));             // a three-day wait, compressed
        Assert.Equal(TimeSpan.FromMilliseconds(200), RunPlayback.Pause(run, 2, 10));     // 10×
        Assert.Equal(RunPlayback.ShortestPause, RunPlayback.Pause(run, 1, 10));          // never too quick to see
        Assert.Equal(TimeSpan.FromDays(3), RunPlayback.Offset(run, 3));
    }

    [Fact]
    public async Task TheBar_MovesTheFrameWithTheScrubber_AndPlaysItThroughToTheEnd()
    {
        var run = await DeclinedLoanAsync();
        var frames = new List<int>();
        var bar = Render<PlaybackBar>(p => p.Add(b => b.Run, run).Add(b => b.Frame, run.Steps.Count).Add(b => b.FrameChanged, (int f) => frames.Add(f)));
        Assert.Contains("the whole run", bar.Find("[data-field=playback-label]").TextContent);

        bar.Find("[data-action=play]").Click();
        // The run's steps took milliseconds: every frame plays at the shortest pause, up to the whole run.
        bar.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, run.Steps.Count), frames), TimeSpan.FromSeconds(10));
        bar.WaitForAssertion(() => Assert.Equal("no", bar.Find("[data-field=playback]").GetAttribute("data-playing")));

        bar.Render(p => p.Add(b => b.Frame, 2));
        Assert.Contains($"step 2 of {run.Steps.Count}", bar.Find("[data-field=playback-label]").TextContent);
    }
}
