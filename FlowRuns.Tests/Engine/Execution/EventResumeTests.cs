using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>Contact events resume the runs waiting for them; the demo flows' waits and timeouts.</summary>
public class EventResumeTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));
    private static readonly Dictionary<string, object?> Loan = new() { ["amount"] = 5000m };

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Engine.PublishDemoFlowsAsync();
    }

    private async Task<string> StartLoanAsync(string contact, string? phone = "+4917000")
    {
        await Engine.CreateContactAsync(contact, new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 }, phone: phone);
        var outcome = await Engine.Events.PostAsync(new ContactEvent(contact, "loan.submitted", Loan));
        var id = Assert.Single(outcome.Started);
        await Engine.WaitForAsync(id, r => r.WaitingFor == "card.completed", "waiting for card.completed");
        return id;
    }

    [Fact]
    public async Task CardCompleted_ResumesTheWaitingRun_ThroughTheEventPort()
    {
        var id = await StartLoanAsync("c-17");
        var outcome = await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?> { ["button"] = "complete" }));
        Assert.Equal([id], outcome.Resumed);
        Assert.Empty(outcome.Started);

        var run = await Engine.WaitForStatusAsync(id, "Completed");
        var wait = run.Steps.Single(s => s.NodeId == "wait-accept");
        Assert.Equal(("Completed", "event"), (wait.Status, wait.Port));
        Assert.Equal("done", run.Steps.Last().NodeId);
        var filed = run.Events.Single(e => e.Name == "card.completed");
        Assert.Equal(wait.Sequence, filed.StepSequence);
        Assert.Equal("complete", wait.Output!["eventProperties"]!["button"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnotherEvent_DoesNotResume()
    {
        var id = await StartLoanAsync("c-17");
        var outcome = await Engine.Events.PostAsync(new ContactEvent("c-17", "card.dismissed", new Dictionary<string, object?>()));
        Assert.Empty(outcome.Resumed);
        Assert.Equal("Waiting", (await Engine.GetAsync(Guid.Parse(id))).Status);
    }

    [Fact]
    public async Task SecondResumeOfTheSameRun_IsRefused()
    {
        var id = await StartLoanAsync("c-17");
        var first = await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?>()));
        var second = await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?>()));
        Assert.Single(first.Resumed);
        Assert.Empty(second.Resumed);
        var run = await Engine.WaitForStatusAsync(id, "Completed");
        Assert.Single(run.Steps, s => s.NodeId == "done");
    }

    [Fact]
    public async Task Timeout_SendsTheSmsReminder_AndNoPhoneFailsItWithMissingData()
    {
        var withPhone = await StartLoanAsync("c-1");
        var withoutPhone = await StartLoanAsync("c-2", phone: null);
        _time.Advance(TimeSpan.FromDays(3));

        var reminded = await Engine.WaitForStatusAsync(withPhone, "Completed");
        Assert.Equal("timeout", reminded.Steps.Single(s => s.NodeId == "wait-accept").Port);
        Assert.Contains(reminded.Deliveries, d => d.Channel == "sms");

        var failed = await Engine.WaitForStatusAsync(withoutPhone, "Failed");
        Assert.Equal(("MISSING_DATA", "sms-reminder"), (failed.Error!.Code, failed.CurrentNodeId));
        Assert.Equal("Failed", failed.Steps.Single(s => s.NodeId == "sms-reminder").Status);
    }

    [Fact]
    public async Task CardEventsNamingTheDelivery_MoveTheInboxAndAreFiledUnderTheStep()
    {
        var id = await StartLoanAsync("c-17");
        var card = (await Engine.GetAsync(Guid.Parse(id))).Deliveries.Single();
        await Engine.Events.PostAsync(new ContactEvent("c-17", "card.viewed", new Dictionary<string, object?> { ["deliveryId"] = card.Id }));
        var run = await Engine.GetAsync(Guid.Parse(id));
        Assert.Equal("viewed", run.Deliveries.Single().InboxState);
        Assert.Equal(card.StepSequence, run.Events.Single(e => e.Name == "card.viewed").StepSequence);

        await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?> { ["deliveryId"] = card.Id }));
        run = await Engine.WaitForStatusAsync(id, "Completed");
        Assert.Equal("completed", run.Deliveries.Single().InboxState);
    }

    [Fact]
    public async Task EventNamingARun_ResumesOnlyThatRun()
    {
        var first = await StartLoanAsync("c-17");
        var outcome = await Engine.Events.PostAsync(new ContactEvent("c-17", "loan.submitted", Loan));
        var second = Assert.Single(outcome.Started);
        await Engine.WaitForAsync(second, r => r.WaitingFor == "card.completed");

        var resumed = await Engine.Events.PostAsync(new ContactEvent("c-17", "card.completed", new Dictionary<string, object?> { ["runId"] = second }));
        // Taken at once, or — when the walk that stored the wait has not let the run go yet (a busy machine) — kept on that
        // run's inbox, which it takes as soon as it is free: either way that run, and only that run.
        Assert.Equal([second], resumed.Resumed.Concat(resumed.Queued));
        await Engine.WaitForStatusAsync(second, "Completed");
        Assert.Equal("Waiting", (await Engine.GetAsync(Guid.Parse(first))).Status);
    }

    [Fact]
    public async Task OutageStory_DismissTriggersFollowUp_ThenClaimCallsTheCrmWhichIsRefusedHere()
    {
        // The demo flow calls crm.example.com; tests reach loopback only, so point it at a loopback address the guard refuses.
        var outage = FlowRuns.Engine.Definitions.FlowJson.ToJson(FlowRuns.Web.Demo.DemoFlows.Load().Single(f => f.Key == "service-disruption"));
        outage["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == "crm")!["url"] = "http://127.0.0.1:9/credits";
        await Engine.PublishAsync(outage);
        await Engine.CreateContactAsync("c-5", new { creditAmount = 10 });
        var started = await Engine.Events.PostAsync(new ContactEvent("c-5", "outage.detected", new Dictionary<string, object?> { ["area"] = "north", ["eta"] = "18:00" }));
        var id = Assert.Single(started.Started);
        await Engine.WaitForAsync(id, r => r.WaitingFor == "card.dismissed");
        await Engine.Events.PostAsync(new ContactEvent("c-5", "card.dismissed", new Dictionary<string, object?>()));
        var followUp = await Engine.WaitForAsync(id, r => r.WaitingFor == "card.completed");
        Assert.Equal(2, followUp.Deliveries.Count);
        Assert.Equal("Claim a credit of 10 on your next bill.", followUp.Steps.Single(s => s.NodeId == "followup").Output!["body"]!.GetValue<string>());

        await Engine.Events.PostAsync(new ContactEvent("c-5", "card.completed", new Dictionary<string, object?>()));
        var crm = await Engine.WaitForAsync(id, r => r.Status is "Completed" or "Failed");
        var call = crm.Steps.Single(s => s.NodeId == "crm");
        Assert.Equal(("Failed", "error", "HTTP_BLOCKED_TARGET"), (call.Status, call.Port, call.Error!.Code));
        Assert.Equal(("Failed", "STOP_ERROR"), (crm.Status, crm.Error!.Code));
        Assert.Equal("***", call.Input!["request"]!["headers"]!["Authorization"]!.GetValue<string>());
    }
}
