using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>
/// Races real operations on the same runs — contact events, cancels, timer wakes, API resumes, pause and resume of the
/// flow — from one engine or two over one store, in an order drawn from a seed, then checks what must always hold: every
/// run ends once, no step sequence or delivery twice, every cancel that answered "cancelled" sent nothing after, and
/// every accepted event was either applied or recorded on its run.
/// </summary>
public class RunRaceTests : IAsyncLifetime
{
    private const int Runs = 16, Contacts = 4, Operations = 48;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));
    private readonly List<TestEngine> _engines = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var engine in Enumerable.Reverse(_engines)) await engine.DisposeAsync();
        _engines.FirstOrDefault()?.DeleteFiles();
    }

    public static TheoryData<int, int> Seeds()
    {
        var data = new TheoryData<int, int>();
        foreach (var engines in new[] { 1, 2 })
            for (var seed = 1; seed <= 5; seed++) data.Add(engines, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RacingOperations_OnTheSameRuns_KeepEveryInvariant(int engineCount, int seed)
    {
        var random = new Random(seed);
        var first = await TestEngine.StartAsync(o => o.LeaseDuration = TimeSpan.FromSeconds(3), _time);
        _engines.Add(first);
        for (var i = 1; i < engineCount; i++) _engines.Add(await TestEngine.StartAsync(o => o.LeaseDuration = TimeSpan.FromSeconds(3), _time, first.DatabasePath));
        await first.PublishAsync(Json.Flow("race",
            [
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Your offer" },
                new { id = "wait", type = "wait", label = "Wait", @event = "card.completed", timeout = "PT10M" },
                new { id = "sms", type = "send", label = "Thanks", channel = "sms", body = "Thanks" },
                new { id = "done", type = "end", label = "Done" },
                new { id = "late", type = "end", label = "Timed out" },
            ],
            [
                new { from = "start", to = "card" }, new { from = "card", to = "wait" }, new { from = "wait", to = "sms", when = "event" },
                new { from = "wait", to = "late", when = "timeout" }, new { from = "sms", to = "done" },
            ]));
        for (var c = 0; c < Contacts; c++) await first.CreateContactAsync($"c-{c}");
        var runs = new List<Guid>();
        for (var i = 0; i < Runs; i++) runs.Add(Guid.Parse((await first.RunAsync("race", $"c-{i % Contacts}")).Id));

        var cancelled = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>(); // run → deliveries when the cancel answered
        var operations = Enumerable.Range(0, Operations).Select(_ => (Kind: random.Next(6), Engine: _engines[random.Next(_engines.Count)],
            Run: runs[random.Next(runs.Count)], Minutes: random.Next(1, 7), Named: random.Next(2) == 0)).ToList();
        await Task.WhenAll(operations.Select(op => Task.Run(async () =>
        {
            var contact = (await op.Engine.GetAsync(op.Run)).ContactId;
            switch (op.Kind)
            {
                case 0 or 1:
                    var properties = new Dictionary<string, object?>();
                    if (op.Named) properties["runId"] = op.Run.ToString("N");
                    await op.Engine.Events.PostAsync(new ContactEvent(contact, "card.completed", properties));
                    break;
                case 2:
                    if ((await op.Engine.Engine.CancelAsync(op.Run, "racer")).Status == CancelStatus.Cancelled)
                        cancelled[op.Run] = (await op.Engine.GetAsync(op.Run)).Deliveries.Count;
                    break;
                case 3:
                    _time.Advance(TimeSpan.FromMinutes(op.Minutes));
                    await op.Engine.TickAsync();
                    break;
                case 4:
                    await op.Engine.Engine.ResumeAsync(op.Run, new ResumeReason.Timer("api"));
                    break;
                default:
                    await first.Engine.PauseFlowAsync("race");
                    await first.Engine.ResumeFlowAsync("race");
                    break;
            }
        })));

        // Let every run end: the flow active, every wait timed out, every engine's scheduler through a tick.
        await first.Engine.ResumeFlowAsync("race");
        _time.Advance(TimeSpan.FromHours(1));
        foreach (var engine in _engines) await engine.TickAsync();
        foreach (var id in runs) await first.WaitForAsync(id.ToString("N"), r => r.Status is "Completed" or "Cancelled" or "Failed", "an end");
        var contexts = first.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
        await WaitUntilAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            return !await db.RunInbox.AnyAsync(e => e.AppliedAt == null) && !await db.Runs.AnyAsync(r => r.LeaseOwner != null);
        });

        await using var store = await contexts.CreateDbContextAsync();
        foreach (var id in runs)
        {
            var run = await first.GetAsync(id);
            Assert.NotEqual("Failed", run.Status);
            Assert.NotNull(run.EndedAt);
            Assert.Equal(Enumerable.Range(1, run.Steps.Count), run.Steps.Select(s => s.Sequence));
            Assert.All(run.Steps, s => Assert.NotNull(s.EndedAt));
            Assert.Equal(1, run.Steps.Count(s => s.NodeId == "wait"));
            Assert.Equal(1, run.Deliveries.Count(d => d.Channel == "card"));
            Assert.True(run.Deliveries.Count(d => d.Channel == "sms") <= 1);
            Assert.Equal(run.Steps.Count(s => s.NodeId == "sms"), run.Deliveries.Count(d => d.Channel == "sms"));
            if (cancelled.TryGetValue(id, out var deliveriesAtCancel))
                Assert.Equal(("Cancelled", deliveriesAtCancel), (run.Status, run.Deliveries.Count));
            // Every event that reached the run: it resumed the wait, or it is on the run as "arrived, not awaited".
            var key = await store.Runs.Where(r => r.Id == id).Select(r => r.Key).SingleAsync();
            var inbox = await store.RunInbox.Where(e => e.RunKey == key).ToListAsync();
            Assert.True(inbox.Count(e => e.Outcome == "resumed") <= 1);
            Assert.Equal(inbox.Count(e => e.Outcome is "not-awaited" or "run-ended"), run.Events.Count(e => e.NotAwaited));
            var wait = run.Steps.Single(s => s.NodeId == "wait");
            if (inbox.Any(e => e.Outcome == "resumed")) Assert.Equal("event", wait.Port);
        }
        Assert.False(await store.AcceptedEvents.AnyAsync(e => e.FannedOutAt == null));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The store did not settle: an inbox entry stayed unapplied or a lease stayed held.");
            await Task.Delay(20);
        }
    }
}
