using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

public class ScheduleTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 9, 30, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private RunScheduler Scheduler => Engine.Services.GetServices<IHostedService>().OfType<RunScheduler>().Single();

    [Fact]
    public async Task Schedule_FiresForTheAudience_AndMissedTicksRunOnce()
    {
        var fired = new List<DateTimeOffset>();
        Scheduler.ScheduleFired += (_, at) => { lock (fired) fired.Add(at); };
        var flow = Json.Flow("daily", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }], trigger: "schedule");
        flow["trigger"]!["cron"] = "0 10 * * *";
        flow["trigger"]!["audience"] = "%{area} == \"north\"";
        await Engine.PublishAsync(flow);
        await Engine.CreateContactAsync("north-1", new { area = "north" });
        await Engine.CreateContactAsync("north-2", new { area = "north" });
        await Engine.CreateContactAsync("south-1", new { area = "south" });

        _time.Advance(TimeSpan.FromMinutes(30)); // 10:00
        await WaitAsync(() => fired.Count == 1);
        // The tick has started its runs; each is stored a moment later (its own commit): wait for them, not for time.
        await WaitAsync(async () => (await Engine.Runs.ListAsync(new FlowRuns.Engine.Persistence.Queries.RunListFilter { Flow = "daily" })).Items.Count >= 2);
        var first = await Engine.Runs.ListAsync(new FlowRuns.Engine.Persistence.Queries.RunListFilter { Flow = "daily" });
        Assert.Equal(["north-1", "north-2"], first.Items.Select(i => i.ContactId).Order());
        Assert.All(first.Items, i => Assert.Equal("schedule", i.Trigger));

        await Engine.DisposeAsync();
        _time.Advance(TimeSpan.FromDays(3)); // three ticks missed while down
        var restarted = await Engine.ReopenAsync(_time);
        var scheduler = restarted.Services.GetServices<IHostedService>().OfType<RunScheduler>().Single();
        try
        {
            await WaitAsync(async () => (await restarted.Runs.ListAsync(new FlowRuns.Engine.Persistence.Queries.RunListFilter { Flow = "daily" })).Items.Count >= 4);
            await restarted.TickAsync();
            await restarted.TickAsync();
            Assert.Equal(4, (await restarted.Runs.ListAsync(new FlowRuns.Engine.Persistence.Queries.RunListFilter { Flow = "daily" })).Items.Count);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASchedule_SharedByTwoEngines_FiresEachTickOnce()
    {
        var other = await TestEngine.StartAsync(time: _time, path: Engine.DatabasePath);
        try
        {
            var flow = Json.Flow("hourly", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }], trigger: "schedule");
            flow["trigger"]!["cron"] = "0 * * * *";
            await Engine.PublishAsync(flow);
            await Engine.CreateContactAsync("a-1");
            await Engine.CreateContactAsync("a-2");
            var filter = new FlowRuns.Engine.Persistence.Queries.RunListFilter { Flow = "hourly", Limit = 500 };
            for (var tick = 1; tick <= 6; tick++)
            {
                // Both engines' schedulers wake at the same instant and both see the tick due: one fires it.
                _time.Advance(TimeSpan.FromHours(1));
                await Task.WhenAll(Engine.TickAsync(), other.TickAsync());
                await WaitAsync(async () => (await Engine.Runs.ListAsync(filter)).Items.Count >= 2 * tick);
                await Task.WhenAll(Engine.TickAsync(), other.TickAsync());
                Assert.Equal(2 * tick, (await Engine.Runs.ListAsync(filter)).Items.Count);
            }
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task BadCron_IsRejectedAtPublish()
    {
        var flow = Json.Flow("bad", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }], trigger: "schedule");
        flow["trigger"]!["cron"] = "every day";
        var ex = await Assert.ThrowsAsync<FlowRuns.Engine.Definitions.FlowDefinitionException>(() => Engine.PublishAsync(flow));
        Assert.Equal("trigger.cron", Assert.Single(ex.Problems).Field);
    }

    private static async Task WaitAsync(Func<bool> condition) => await WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The schedule did not fire.");
            await Task.Delay(10);
        }
    }
}
