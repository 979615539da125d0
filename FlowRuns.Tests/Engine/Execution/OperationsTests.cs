using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>Cancel, pause, resume, deactivate and replay, as an operator uses them.</summary>
public class OperationsTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private async Task PublishAsync()
    {
        await Engine.PublishAsync(Json.Flow("ops",
            [
                new { id = "hello", type = "send", label = "Hello", channel = "card", body = "Hi %{firstName} (%{tier})" },
                new { id = "pause", type = "delay", label = "Pause", duration = "PT1H" },
                new { id = "bye", type = "send", label = "Bye", channel = "card", body = "Bye" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "hello" }, new { from = "hello", to = "pause" }, new { from = "pause", to = "bye" }, new { from = "bye", to = "e" }]));
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana" });
    }

    [Fact]
    public async Task Cancel_WaitingRun_AbandonsTheWait_AndNothingMoreIsSent()
    {
        await PublishAsync();
        var run = await Engine.RunAsync("ops", "c-1");
        var outcome = await Engine.Engine.CancelAsync(Guid.Parse(run.Id), "agent@example.com");
        Assert.Equal(CancelStatus.Cancelled, outcome.Status);

        _time.Advance(TimeSpan.FromHours(2));
        await Engine.TickAsync();
        var cancelled = await Engine.GetAsync(Guid.Parse(run.Id));
        Assert.Equal(("Cancelled", (DateTimeOffset?)null), (cancelled.Status, cancelled.WakeAt));
        Assert.NotNull(cancelled.EndedAt);
        Assert.Equal("Cancelled", cancelled.Steps.Single(s => s.NodeId == "pause").Status);
        Assert.DoesNotContain(cancelled.Steps, s => s.NodeId == "bye");
        Assert.Single(cancelled.Deliveries);
        var filed = cancelled.Events.Single(e => e.Name == "run.cancelled");
        Assert.Equal("agent@example.com", filed.Properties!["by"]!.GetValue<string>());

        var again = await Engine.Engine.CancelAsync(Guid.Parse(run.Id), "agent");
        Assert.Equal(CancelStatus.AlreadyEnded, again.Status);
    }

    [Fact]
    public async Task Cancel_UnknownRun_IsNotFound() =>
        Assert.Equal(CancelStatus.NotFound, (await Engine.Engine.CancelAsync(Guid.NewGuid(), "x")).Status);

    [Fact]
    public async Task PauseFlow_HoldsTimers_RefusesNewRuns_AndResumeFiresTheDueTimer()
    {
        await PublishAsync();
        var run = await Engine.RunAsync("ops", "c-1");
        Assert.Equal(1, await Engine.Engine.PauseFlowAsync("ops"));
        Assert.Equal("Paused", (await Engine.GetAsync(Guid.Parse(run.Id))).Status);
        await Assert.ThrowsAsync<FlowNotActiveException>(() => Engine.RunAsync("ops", "c-1"));

        _time.Advance(TimeSpan.FromHours(2));
        await Engine.TickAsync();
        Assert.Equal("Paused", (await Engine.GetAsync(Guid.Parse(run.Id))).Status);

        Assert.Equal(1, await Engine.Engine.ResumeFlowAsync("ops"));
        var done = await Engine.WaitForStatusAsync(run.Id, "Completed");
        Assert.Equal(2, done.Deliveries.Count);
    }

    [Fact]
    public async Task DeactivateFlow_CancelsItsActiveRuns()
    {
        await PublishAsync();
        var first = await Engine.RunAsync("ops", "c-1");
        var second = await Engine.RunAsync("ops", "c-1");
        Assert.Equal(2, await Engine.Engine.DeactivateFlowAsync("ops", "ops team"));
        Assert.Equal("Cancelled", (await Engine.GetAsync(Guid.Parse(first.Id))).Status);
        Assert.Equal("Cancelled", (await Engine.GetAsync(Guid.Parse(second.Id))).Status);
        await Assert.ThrowsAsync<FlowNotActiveException>(() => Engine.RunAsync("ops", "c-1"));
    }

    [Fact]
    public async Task Replay_Exact_UsesOriginalDataAndVersion_EditedAndCurrentOnRequest()
    {
        await PublishAsync();
        var original = await Engine.RunAsync("ops", "c-1", new { tier = "gold" });
        await Engine.PublishAsync(Json.Flow("ops", [new { id = "e", type = "end", label = "Just end" }], [new { from = "start", to = "e" }]));

        var exact = await Engine.Engine.ReplayAsync(Guid.Parse(original.Id), null, ReplayVersion.Original);
        await exact!.Settled;
        var replayed = await Engine.GetAsync(exact.Id);
        Assert.Equal((original.Id, "replay", 1, "c-1"), (replayed.ReplayOf, replayed.Trigger, replayed.Version, replayed.ContactId));
        Assert.Equal("Hi Ana (gold)", replayed.Steps.Single(s => s.NodeId == "hello").Output!["body"]!.GetValue<string>());

        var edited = await Engine.Engine.ReplayAsync(Guid.Parse(original.Id), new Dictionary<string, object?> { ["tier"] = "silver" }, ReplayVersion.Original);
        await edited!.Settled;
        Assert.Equal("Hi Ana (silver)", (await Engine.GetAsync(edited.Id)).Steps.Single(s => s.NodeId == "hello").Output!["body"]!.GetValue<string>());

        var current = await Engine.Engine.ReplayAsync(Guid.Parse(original.Id), null, ReplayVersion.CurrentOne);
        await current!.Settled;
        var onCurrent = await Engine.GetAsync(current.Id);
        Assert.Equal((2, "Completed"), (onCurrent.Version, onCurrent.Status));
    }

    [Fact]
    public async Task TestRun_SendsNothing_WaitsForNothing_AndRecordsWhatItWouldHaveDone()
    {
        await PublishAsync();
        var execution = await Engine.Engine.StartAsync(new StartRunRequest("ops", RunTrigger.Test)
        {
            IsTest = true,
            MockContact = new ContactSnapshot("mock-1", "Mock", null, null, new Dictionary<string, object?> { ["firstName"] = "Mo" }),
        });
        await execution.Settled;
        var run = await Engine.GetAsync(execution.Id);
        Assert.Equal(("Completed", true, "mock-1"), (run.Status, run.Test, run.ContactId));
        Assert.Empty(run.Deliveries);
        var delay = run.Steps.Single(s => s.NodeId == "pause");
        Assert.True(delay.Output!["simulated"]!.GetValue<bool>());
        Assert.Equal(_time.GetUtcNow().AddHours(1), delay.Output["wakeAt"]!.GetValue<DateTimeOffset>());
        Assert.True(run.Steps.Single(s => s.NodeId == "hello").Output!["wouldSend"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SubflowChildThatWaits_ResumesTheParentWhenItEnds()
    {
        await Engine.PublishAsync(Json.Flow("child",
            [new { id = "wait", type = "wait", label = "Wait", @event = "docs.uploaded" }, new { id = "ok", type = "set", label = "OK", assign = new Dictionary<string, string> { ["verified"] = "true" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "ok", when = "event" }, new { from = "ok", to = "e" }]));
        await Engine.PublishAsync(Json.Flow("parent",
            [new { id = "sub", type = "subflow", label = "Verify", flow = "child" }, new { id = "check", type = "condition", label = "Verified?", expression = "%{steps.sub.output.verified} == true" }, new { id = "yes", type = "end", label = "Y" }, new { id = "no", type = "end", label = "N" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "check" }, new { from = "check", to = "yes", when = "true" }, new { from = "check", to = "no", when = "false" }]));
        await Engine.CreateContactAsync("c-1");
        var parent = await Engine.RunAsync("parent", "c-1");
        Assert.Equal("Waiting", parent.Status);
        var childId = Assert.Single(parent.ChildRunIds);
        Assert.Equal((childId, (string?)null), (parent.WaitingForChildRunId, parent.WaitingFor));

        // A wait's target is typed: an event that looks like the old "subflow:<child>" string is filed, never a resume.
        var spoof = await Engine.Events.PostAsync(new ContactEvent("c-1", "subflow:" + childId, new Dictionary<string, object?> { ["runId"] = parent.Id }));
        Assert.Empty(spoof.Resumed);
        Assert.Equal([parent.Id], spoof.Filed);
        var stillWaiting = await Engine.GetAsync(Guid.Parse(parent.Id));
        Assert.Equal(("Waiting", childId), (stillWaiting.Status, stillWaiting.WaitingForChildRunId));
        Assert.True(stillWaiting.Events.Single(e => e.Name == "subflow:" + childId).NotAwaited);

        var outcome = await Engine.Events.PostAsync(new ContactEvent("c-1", "docs.uploaded", new Dictionary<string, object?>()));
        Assert.Equal([childId], outcome.Resumed);
        var done = await Engine.WaitForStatusAsync(parent.Id, "Completed");
        Assert.Equal("yes", done.Steps.Last().NodeId);
        Assert.Equal("Completed", (await Engine.GetAsync(Guid.Parse(childId))).Status);
    }

    [Fact]
    public async Task CancelParentWaitingOnChild_CancelsTheChildToo()
    {
        await Engine.PublishAsync(Json.Flow("child", [new { id = "wait", type = "wait", label = "Wait", @event = "x" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "e", when = "event" }]));
        await Engine.PublishAsync(Json.Flow("parent", [new { id = "sub", type = "subflow", label = "Sub", flow = "child" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var parent = await Engine.RunAsync("parent", "c-1");
        await Engine.Engine.CancelAsync(Guid.Parse(parent.Id), "agent");
        Assert.Equal("Cancelled", (await Engine.GetAsync(Guid.Parse(parent.ChildRunIds[0]))).Status);
        Assert.Equal("Cancelled", (await Engine.GetAsync(Guid.Parse(parent.Id))).Status);
    }
}
