using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>A flow's performance: duration percentiles per day, runs by hour of day, the queue now, and steps that got slower between versions.</summary>
public class PerformanceQueriesTests : EngineScope
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Morning);

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private PerformanceQueries Performance => Engine.Services.GetRequiredService<PerformanceQueries>();

    private Task PublishAsync(string hold) => Engine.PublishAsync(Json.Flow("perf",
        [new { id = "hold", type = "delay", label = "Hold", duration = hold }, new { id = "e", type = "end", label = "E" }],
        [new { from = "start", to = "hold" }, new { from = "hold", to = "e" }]));

    [Fact]
    public async Task Days_Hours_TheQueue_AndASlowerStep_AreWhatTheRunsDid()
    {
        await Engine.CreateContactAsync("c-1");
        await PublishAsync("PT1H");
        var v1 = new List<string>();
        for (var i = 0; i < 3; i++) v1.Add((await Engine.RunAsync("perf", "c-1")).Id);
        _time.Advance(TimeSpan.FromHours(1));
        foreach (var id in v1) await Engine.WaitForStatusAsync(id, "Completed"); // ended 10:00, an hour each

        await PublishAsync("PT3H");
        var v2 = (await Engine.RunAsync("perf", "c-1")).Id;
        var waiting = (await Engine.RunAsync("perf", "c-1")).Id;
        _time.Advance(TimeSpan.FromHours(3));
        await Engine.WaitForStatusAsync(v2, "Completed"); // ended 13:00, three hours
        await Engine.WaitForStatusAsync(waiting, "Completed");
        await Engine.RunAsync("perf", "c-1"); // waits until 16:00: in the queue, waking within a day

        var performance = await Performance.ForFlowAsync("perf");
        Assert.NotNull(performance);
        var today = performance.Days[^1];
        Assert.Equal((new DateOnly(2026, 11, 30), 5), (today.Day, today.Ended));
        Assert.Equal(TimeSpan.FromHours(1).TotalMilliseconds, today.P50Ms);
        Assert.Equal(TimeSpan.FromHours(3).TotalMilliseconds, today.P95Ms);
        Assert.Equal(3, performance.RunsByHourOfDay[10]);
        Assert.Equal(2, performance.RunsByHourOfDay[13]);
        Assert.Equal(5, performance.RunsByHourOfDay.Sum());
        Assert.Equal((0L, 1L, 0L, 1L), (performance.Queue.Overdue, performance.Queue.Waiting, performance.Queue.WakeWithinHour, performance.Queue.WakeWithinDay));

        Assert.Equal((1, 2), (performance.VersionBefore, performance.VersionAfter));
        var hold = performance.Steps.Single(s => s.NodeId == "hold");
        Assert.Equal(("Hold", 3.0), (hold.Label, hold.Ratio));
        Assert.Equal(performance.Steps[0], hold); // the slowest change first
        Assert.Null(await Performance.ForFlowAsync("nope"));
    }
}
