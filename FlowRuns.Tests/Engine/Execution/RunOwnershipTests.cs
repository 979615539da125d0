using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>Who may walk a run: the engine holding its lease in the store. Claims are given back; events are never dropped.</summary>
public class RunOwnershipTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));
    private LocalHttpServer _server = null!;
    private readonly List<TestEngine> _engines = [];

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var engine in Enumerable.Reverse(_engines)) await engine.DisposeAsync();
        _engines.FirstOrDefault()?.DeleteFiles();
        await _server.DisposeAsync();
    }

    private static void Configure(FlowRunsEngineOptions o)
    {
        o.Http.AllowedHosts = ["127.0.0.1"];
        o.LeaseDuration = TimeSpan.FromSeconds(3);
    }

    private async Task<TestEngine> EngineAsync(string? path = null)
    {
        var engine = await TestEngine.StartAsync(Configure, _time, path);
        _engines.Add(engine);
        return engine;
    }

    [Fact]
    public async Task TwoEngines_OverOneStore_WalkEachDueRunOnce_OneHttpCallPerRun()
    {
        var first = await EngineAsync();
        await first.PublishAsync(Json.Flow("crm",
            [
                new { id = "pause", type = "delay", label = "Pause", duration = "PT1H" },
                new { id = "call", type = "http", label = "Call", method = "GET", url = _server.BaseUrl + "/json" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "pause" }, new { from = "pause", to = "call" }, new { from = "call", to = "e" }]));
        await first.CreateContactAsync("c-1");
        var second = await EngineAsync(first.DatabasePath);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++) ids.Add((await first.RunAsync("crm", "c-1")).Id);

        _time.Advance(TimeSpan.FromHours(2)); // both schedulers find the same 20 due runs
        await Task.WhenAll(first.TickAsync(), second.TickAsync());
        foreach (var id in ids)
        {
            var run = await first.WaitForStatusAsync(id, "Completed");
            Assert.Equal(1, run.Steps.Count(s => s.NodeId == "call"));
            Assert.Equal(Enumerable.Range(1, run.Steps.Count), run.Steps.Select(s => s.Sequence));
        }
        Assert.Equal(20, _server.Calls);
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Runs.CountAsync(r => r.LeaseOwner != null));
    }

    [Fact]
    public async Task ResumeWhoseRequestIsCancelled_LeavesNoClaim_AndTheEventStillResumesTheRun()
    {
        var engine = await EngineAsync();
        await PublishWaitAsync(engine);
        var run = await engine.RunAsync("waits", "c-1");

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.Engine.ResumeManyAsync([Guid.Parse(run.Id)],
            new ResumeReason.Event(new ContactEvent("c-1", "card.completed", new Dictionary<string, object?>())), cancelled.Token));
        Assert.Equal(0, engine.Engine.ActiveCount);
        Assert.Empty(engine.Engine.Leases.Held);
        Assert.Null(await LeaseOwnerAsync(engine, run.Id));

        var outcome = await engine.Events.PostAsync(new ContactEvent("c-1", "card.completed", new Dictionary<string, object?>()));
        Assert.Equal([run.Id], outcome.Resumed);
        await engine.WaitForStatusAsync(run.Id, "Completed");
    }

    [Fact]
    public async Task EventPostedWhileTheRunIsWalking_IsQueued_AndResumesTheWaitThatFollows()
    {
        var engine = await EngineAsync();
        await engine.PublishAsync(Json.Flow("webhook",
            [
                new { id = "call", type = "http", label = "Ask the CRM", method = "POST", url = _server.BaseUrl + "/callback" },
                new { id = "wait", type = "wait", label = "Wait for the CRM", @event = "crm.done" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "wait" }, new { from = "wait", to = "e", when = "event" }]));
        await engine.CreateContactAsync("c-1");
        EventOutcome? during = null;
        // The CRM answers the webhook before it answers the call: the run is still walking its http step.
        _server.OnCallback = async () => during = await engine.Events.PostAsync(new ContactEvent("c-1", "crm.done", new Dictionary<string, object?> { ["ok"] = true }));

        var run = await engine.RunAsync("webhook", "c-1");
        var done = await engine.WaitForStatusAsync(run.Id, "Completed");
        Assert.NotNull(during);
        Assert.Equal([run.Id], during.Queued);
        var wait = done.Steps.Single(s => s.NodeId == "wait");
        Assert.Equal(("Completed", "event"), (wait.Status, wait.Port));
        Assert.Contains(done.Events, e => e.Name == "crm.done" && e.StepSequence == wait.Sequence && !e.NotAwaited);
    }

    [Fact]
    public async Task AStaleOwnersWrite_IsRefused_AndNeverOverwritesTheNewerState()
    {
        var engine = await EngineAsync();
        await PublishWaitAsync(engine);
        var run = await engine.RunAsync("waits", "c-1");
        var writer = engine.Services.GetRequiredService<RunWriter>();
        var key = await RunKeyAsync(engine, run.Id);
        var stale = new RunRecord { Key = key, Id = Guid.Parse(run.Id), ContactId = "c-1", Status = RunStatus.Failed, Sequence = run.Sequence + 5, FlowId = 1, Version = 1 };

        // Nobody holds it: a write in the name of an engine that does not hold the lease is refused.
        await Assert.ThrowsAsync<LeaseLostException>(() => writer.CommitAsync(new RunChangeSet { Run = stale, Owner = "ghost" }));
        // Another engine takes it; the first one's write is still refused, even with a higher sequence.
        Assert.Single(await writer.ClaimAsync("other", [stale.Id], DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow));
        Assert.Empty(await writer.ClaimAsync("ghost", [stale.Id], DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<LeaseLostException>(() => writer.CommitAsync(new RunChangeSet { Run = stale, Owner = "ghost" }));
        // The holder cannot go back in sequence either.
        var older = stale.Copy();
        older.Sequence = run.Sequence - 1;
        older.LeaseOwner = "other";
        await Assert.ThrowsAsync<LeaseLostException>(() => writer.CommitAsync(new RunChangeSet { Run = older, Owner = "other" }));
        Assert.Equal("Waiting", (await engine.GetAsync(Guid.Parse(run.Id))).Status);
        await writer.ReleaseAsync("other", [stale.Id]);
        Assert.Null(await LeaseOwnerAsync(engine, run.Id));
    }

    [Fact]
    public async Task ACancelAskedFromAnotherEngine_StopsTheWalk_AndNothingIsSentAfterIt()
    {
        var walker = await EngineAsync();
        await walker.PublishAsync(Json.Flow("slow",
            [
                new { id = "call", type = "http", label = "Call", method = "GET", url = _server.BaseUrl + "/hang", timeout = "PT30S" },
                new { id = "card", type = "send", label = "Card", channel = "card", body = "after the call" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "card" }, new { from = "card", to = "e" }]));
        await walker.CreateContactAsync("c-1");
        var other = await EngineAsync(walker.DatabasePath);
        var execution = await walker.Engine.StartAsync(new StartRunRequest("slow", RunTrigger.Api) { ContactId = "c-1" });
        await _server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var outcome = await other.Engine.CancelAsync(execution.Id, "agent@example.com").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CancelStatus.Cancelled, outcome.Status);
        await execution.Settled.WaitAsync(TimeSpan.FromSeconds(10));
        var run = await walker.GetAsync(execution.Id);
        Assert.Equal(("Cancelled", "agent@example.com"), (run.Status, run.Events.Single(e => e.Name == "run.cancelled").Properties!["by"]!.GetValue<string>()));
        Assert.Empty(run.Deliveries);
        Assert.DoesNotContain(run.Steps, s => s.NodeId == "card");
    }

    [Fact]
    public async Task AFanOutInterruptedAfterTheEventWasAccepted_IsFinishedAtStart_EachMatchOnce()
    {
        var engine = await EngineAsync();
        await PublishWaitAsync(engine, waitsFor: "outage.detected");
        var outage = Json.Flow("outage", [new { id = "card", type = "send", label = "Card", channel = "card", body = "Outage" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "card" }, new { from = "card", to = "e" }]);
        outage["trigger"] = Json.Object(new { type = "event", @event = "outage.detected" });
        await engine.PublishAsync(outage);
        for (var i = 0; i < 5; i++) await engine.CreateContactAsync($"c-{i}", new { area = "north" });
        var waiting = await engine.RunAsync("waits", "c-1");
        // What a crash leaves right after the 202's commit point: the accepted event, nothing fanned out yet.
        var writer = engine.Services.GetRequiredService<RunWriter>();
        var accepted = new AcceptedEventRecord { Id = Guid.CreateVersion7(), Name = "outage.detected", Audience = "%{area} == \"north\"", Properties = "{}", AcceptedAt = _time.GetUtcNow() };
        await writer.CommitAsync(new RunChangeSet { AcceptedEvent = accepted });
        await engine.DisposeAsync();
        _engines.Remove(engine);

        var restarted = await EngineAsync(engine.DatabasePath);
        await using var db = await restarted.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var started = await db.Runs.Where(r => r.SourceEventId == accepted.Id).Select(r => r.Id).ToListAsync();
        Assert.Equal(5, started.Count);
        foreach (var id in started) await restarted.WaitForStatusAsync(id.ToString("N"), "Completed");
        Assert.NotNull((await db.AcceptedEvents.SingleAsync(e => e.Id == accepted.Id)).FannedOutAt);
        // The run of c-1 that waited for the event took it from its inbox; finishing the fan-out again changes nothing.
        var resumed = await restarted.WaitForStatusAsync(waiting.Id, "Completed");
        await db.AcceptedEvents.Where(e => e.Id == accepted.Id).ExecuteUpdateAsync(e => e.SetProperty(x => x.FannedOutAt, (DateTimeOffset?)null));
        await restarted.Events.FinishPendingFanOutsAsync(atStart: true);
        Assert.Equal(5, await db.Runs.CountAsync(r => r.SourceEventId == accepted.Id));
        Assert.Equal(1, await db.RunInbox.CountAsync(e => e.EventId == accepted.Id && e.Outcome == "resumed"));
        Assert.Equal(resumed.Steps.Count, (await restarted.GetAsync(Guid.Parse(waiting.Id))).Steps.Count);
    }

    [Fact]
    public void StatusTransitions_RefuseWhatTheTableDoesNotAllow()
    {
        var run = new RunRecord { ContactId = "c", Status = RunStatus.Completed };
        Assert.Throws<IllegalTransitionException>(() => StatusTransitions.Move(run, RunStatus.Running));
        var step = new StepRecord { NodeId = "n", Status = StepStatus.Completed };
        Assert.Throws<IllegalTransitionException>(() => StatusTransitions.Move(step, StepStatus.Waiting));
        run.Status = RunStatus.Waiting;
        StatusTransitions.Move(run, RunStatus.Running);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.All(Enum.GetValues<RunStatus>(), s => Assert.True(StatusTransitions.Run.ContainsKey(s)));
        Assert.All(Enum.GetValues<StepStatus>(), s => Assert.True(StatusTransitions.Step.ContainsKey(s)));
    }

    private static async Task PublishWaitAsync(TestEngine engine, string waitsFor = "card.completed")
    {
        await engine.PublishAsync(Json.Flow("waits",
            [
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Hi" },
                new { id = "wait", type = "wait", label = "Wait", @event = waitsFor },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "card" }, new { from = "card", to = "wait" }, new { from = "wait", to = "e", when = "event" }]));
        await engine.CreateContactAsync("c-1");
    }

    private static async Task<string?> LeaseOwnerAsync(TestEngine engine, string runId)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var id = Guid.Parse(runId);
        return await db.Runs.Where(r => r.Id == id).Select(r => r.LeaseOwner).SingleAsync();
    }

    private static async Task<long> RunKeyAsync(TestEngine engine, string runId)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var id = Guid.Parse(runId);
        return await db.Runs.Where(r => r.Id == id).Select(r => r.Key).SingleAsync();
    }
}
