using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>Delays and wait timeouts wake exactly at their stored time — never before, whoever asks — and survive a restart.</summary>
public class TimerTests : EngineScope
{
    private readonly JumpingClock _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A test clock that can jump forward just as a timer of a given length is started: the scheduler read the clock, the clock moved, then its sleep began.</summary>
    private sealed class JumpingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private (TimeSpan Due, TimeSpan Jump, Func<bool> When)? _armed;
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _jumped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Jumped => _jumped.Task;

        /// <summary>Moves the clock by <paramref name="jump"/> as a timer of <paramref name="due"/> starts, once <paramref name="when"/> holds.</summary>
        public void JumpWhenATimerStarts(TimeSpan due, TimeSpan jump, Func<bool> when) => _armed = (due, jump, when);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Claimed under a lock: two timers of that length started at once (a CI run) jumped the clock twice.
            TimeSpan? jump = null;
            lock (_gate)
            {
                if (_armed is { } armed && dueTime == armed.Due && armed.When())
                {
                    _armed = null;
                    jump = armed.Jump;
                }
            }
            if (jump is { } by)
            {
                Advance(by);
                _jumped.TrySetResult();
            }
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    // Retention's first pass also sleeps a minute on this clock, and since .NET 10 a background service may reach that
    // sleep late — after the run is stored — so it is moved out of the way of the jump meant for the scheduler's sleep.
    protected override Task<TestEngine> CreateEngineAsync() =>
        TestEngine.StartAsync(time: _time, services: s => s.Configure<RetentionOptions>(o => o.FirstPassAfter = TimeSpan.FromDays(1)));

    private Task PublishDelayAsync(string duration = "PT2H") => Engine.PublishAsync(Json.Flow("delayed",
        [new { id = "pause", type = "delay", label = "Pause", duration }, new { id = "after", type = "send", label = "After", channel = "card", body = "later" }, new { id = "e", type = "end", label = "E" }],
        [new { from = "start", to = "pause" }, new { from = "pause", to = "after" }, new { from = "after", to = "e" }]));

    [Fact]
    public async Task Delay_WakesAtItsStoredTime_NotASecondBefore()
    {
        await PublishDelayAsync();
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("delayed", "c-1");
        Assert.Equal(("Waiting", _time.GetUtcNow().AddHours(2)), (run.Status, run.WakeAt));

        _time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await Engine.TickAsync();
        Assert.Equal("Waiting", (await Engine.GetAsync(Guid.Parse(run.Id))).Status);

        _time.Advance(TimeSpan.FromSeconds(1));
        var woken = await Engine.WaitForStatusAsync(run.Id, "Completed");
        var delay = woken.Steps.Single(s => s.NodeId == "pause");
        Assert.Equal(("Completed", "default"), (delay.Status, delay.Port));
        Assert.Equal(run.WakeAt, delay.EndedAt);
        Assert.Single(woken.Deliveries);
    }

    [Fact]
    public async Task ADelayComesDue_WhileTheSchedulerIsStartingItsSleep_StillWakes()
    {
        // A flaky CI run: the clock moved between the scheduler reading it and its sleep's timer starting, so the timer
        // was set for a minute after the jump on a clock that never moved again, and the due run never woke.
        await PublishDelayAsync("PT2H");
        await Engine.CreateContactAsync("c-1");
        var due = _time.GetUtcNow().AddHours(2);
        // The scheduler sleeps at most a minute at a time — idle too: the jump is for a sleep taken once the run waits in
        // the store (a CI run jumped on an idle sleep before the run was stored, so its delay was due two hours later).
        var contexts = Engine.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlowRuns.Engine.Persistence.FlowRunsDbContext>>();
        _time.JumpWhenATimerStarts(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2), () =>
        {
            using var db = contexts.CreateDbContext();
            return db.Runs.Any(r => r.WakeAt != null);
        });
        var run = await Engine.RunAsync("delayed", "c-1"); // it may have woken already by the time this reads it
        await _time.Jumped.WaitAsync(TimeSpan.FromSeconds(30));

        var woken = await Engine.WaitForStatusAsync(run.Id, "Completed");
        Assert.Equal(due, woken.Steps.Single(s => s.NodeId == "pause").EndedAt);
    }

    [Fact]
    public async Task ResumeBeforeWakeTime_IsRefusedWithAClearMessage()
    {
        await PublishDelayAsync();
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("delayed", "c-1");
        var outcome = await Engine.Engine.ResumeAsync(Guid.Parse(run.Id), new ResumeReason.Timer("api"));
        Assert.Equal(ResumeStatus.TooEarly, outcome.Status);
        Assert.Contains("never resumed before its stored wake time", outcome.Message);
        Assert.Equal("Waiting", (await Engine.GetAsync(Guid.Parse(run.Id))).Status);
    }

    [Fact]
    public async Task WaitTimeout_TakesTheTimeoutPort()
    {
        await Engine.PublishAsync(Json.Flow("w",
            [new { id = "wait", type = "wait", label = "Wait", @event = "card.completed", timeout = "PT6H" }, new { id = "yes", type = "end", label = "Yes" }, new { id = "late", type = "end", label = "Late" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "yes", when = "event" }, new { from = "wait", to = "late", when = "timeout" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("w", "c-1");
        _time.Advance(TimeSpan.FromHours(6));
        var done = await Engine.WaitForStatusAsync(run.Id, "Completed");
        Assert.Equal("timeout", done.Steps.Single(s => s.NodeId == "wait").Port);
        Assert.Equal("late", done.Steps.Last().NodeId);
    }

    [Fact]
    public async Task Timer_SurvivesARestart()
    {
        await PublishDelayAsync("PT30M");
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("delayed", "c-1");
        await Engine.DisposeAsync();

        _time.Advance(TimeSpan.FromHours(1)); // the wake time passes while the app is down
        var restarted = await Engine.ReopenAsync(_time);
        try
        {
            var woken = await restarted.WaitForStatusAsync(run.Id, "Completed");
            Assert.Equal("after", woken.Steps[^2].NodeId);
            Assert.Single(woken.Deliveries);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task ManyTimersDueAtOnce_AllWake()
    {
        await PublishDelayAsync("PT1M");
        await Engine.CreateContactAsync("c-1");
        var ids = new List<string>();
        for (var i = 0; i < 50; i++) ids.Add((await Engine.RunAsync("delayed", "c-1")).Id);
        _time.Advance(TimeSpan.FromMinutes(1));
        foreach (var id in ids) await Engine.WaitForStatusAsync(id, "Completed");
    }
}
