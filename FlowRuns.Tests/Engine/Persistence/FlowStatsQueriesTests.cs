using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>The Overview's figures come from rows the store keeps up to date as runs start and end.</summary>
public class FlowStatsQueriesTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private FlowStatsQueries Stats => Engine.Services.GetRequiredService<FlowStatsQueries>();

    private async Task PublishAsync()
    {
        await Engine.PublishAsync(Json.Flow("stats",
            [
                new { id = "check", type = "condition", label = "Check", expression = "%{ok} == true" },
                new { id = "hold", type = "delay", label = "Hold", duration = "P3D" },
                new { id = "bad", type = "stopError", label = "Bad", code = "NOPE", message = "no" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "hold" }, new { from = "check", when = "false", to = "bad" },
             new { from = "hold", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
    }

    [Fact]
    public async Task Overview_CountsRunsByStartDay_AsTheyStartAndEnd_AndLeavesTestRunsOut()
    {
        await PublishAsync();
        var waiting = await Engine.RunAsync("stats", "c-1", new { ok = true });
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        _time.Advance(TimeSpan.FromDays(1));
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        var test = await Engine.Engine.StartAsync(new StartRunRequest("stats", RunTrigger.Api) { ContactId = "c-1", IsTest = true, Data = new Dictionary<string, object?> { ["ok"] = false } });
        await test.Settled;

        var before = await Stats.OverviewAsync("stats");
        Assert.NotNull(before);
        Assert.Equal((3L, 0L, 2L), (before.TotalRuns, before.Completed, before.Failed));
        var yesterday = before.Days[^2];
        Assert.Equal((new DateOnly(2026, 11, 18), 2L, 0L, 1L), (yesterday.Day, yesterday.Started, yesterday.Completed, yesterday.Failed));
        Assert.Equal(FlowStatsQueries.OverviewDays, before.Days.Count);
        Assert.Equal(new DateOnly(2026, 11, 19), before.Days[^1].Day);

        // The delay ends three days (of fake time) after its start: the run is counted on the day it started.
        var lastStart = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromDays(3));
        await Engine.WaitForStatusAsync(waiting.Id, "Completed");
        var after = await Stats.OverviewAsync("stats");
        Assert.Equal((3L, 1L, 2L), (after!.TotalRuns, after.Completed, after.Failed));
        Assert.Equal(1, after.Days.Single(d => d.Day == new DateOnly(2026, 11, 18)).Completed);
        Assert.Equal(1.0 / 3, after.SuccessRate!.Value, 3);
        var hold = after.SlowestSteps.First();
        Assert.Equal("hold", hold.NodeId);
        Assert.InRange(hold.AverageMs, TimeSpan.FromDays(4).TotalMilliseconds - 1, TimeSpan.FromDays(4).TotalMilliseconds + 1);
        Assert.Equal(lastStart, after.LastRunAt);
    }

    [Fact, Trait(TestStore.Trait, TestStore.SqliteOnly)] // the backfill upgrades SQLite stores from before the triggers
    public async Task Backfill_FromStoredRuns_GivesTheSameFiguresAsTheTriggers()
    {
        await PublishAsync();
        await Engine.RunAsync("stats", "c-1", new { ok = true });
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        _time.Advance(TimeSpan.FromDays(1));
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        var byTriggers = await Stats.OverviewAsync("stats");

        // What the RunStats migration does for a store that had runs before the triggers existed.
        var contexts = Engine.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlowRuns.Engine.Persistence.FlowRunsDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"FlowDayStats\"; DELETE FROM \"NodeStats\";");
            Assert.Equal(0, (await Stats.OverviewAsync("stats"))!.TotalRuns);
            await db.Database.ExecuteSqlRawAsync(FlowRuns.Engine.Persistence.RunStatsTriggers.Backfill);
        }
        var byBackfill = await Stats.OverviewAsync("stats");

        Assert.Equal((byTriggers!.TotalRuns, byTriggers.Completed, byTriggers.Failed), (byBackfill!.TotalRuns, byBackfill.Completed, byBackfill.Failed));
        Assert.Equal(byTriggers.Days, byBackfill.Days);
        Assert.Equal(byTriggers.SlowestSteps.Select(n => (n.NodeId, n.Steps)), byBackfill.SlowestSteps.Select(n => (n.NodeId, n.Steps)));
        Assert.Equal(byTriggers.AverageDurationMs!.Value, byBackfill.AverageDurationMs!.Value, 3);
    }

    [Fact]
    public async Task Overview_UnknownFlow_IsNull() => Assert.Null(await Stats.OverviewAsync("nope"));

    [Fact]
    public async Task FlowList_CountsTheLast24Hours_AndTheirFailures()
    {
        await PublishAsync();
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        _time.Advance(TimeSpan.FromHours(25));
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        await Engine.RunAsync("stats", "c-1", new { ok = true });

        var flow = Assert.Single(await Stats.ListAsync());
        Assert.Equal((2L, 1L, 0.5), (flow.RunsLast24Hours, flow.FailedLast24Hours, flow.FailureRate));
    }

    [Fact]
    public async Task Versions_AreCountedApart_WithFailureRateAndDurations_AndTestRunsLeftOutOfOutcomes()
    {
        await PublishAsync();
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        await Engine.RunAsync("stats", "c-1", new { ok = false });
        var waiting = await Engine.RunAsync("stats", "c-1", new { ok = true });
        await Engine.PublishAsync(Json.Flow("stats",
            [new { id = "check", type = "condition", label = "Check", expression = "%{ok} == true" }, new { id = "bad", type = "stopError", label = "Bad", code = "NOPE", message = "no" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "e" }, new { from = "check", when = "false", to = "bad" }]));
        await Engine.RunAsync("stats", "c-1", new { ok = true });
        var test = await Engine.Engine.StartAsync(new StartRunRequest("stats", RunTrigger.Api) { ContactId = "c-1", IsTest = true, Data = new Dictionary<string, object?> { ["ok"] = false } });
        await test.Settled;
        _time.Advance(TimeSpan.FromDays(3));
        await Engine.WaitForStatusAsync(waiting.Id, "Completed"); // v1's delay: three days

        var versions = await Stats.VersionsAsync("stats");
        Assert.NotNull(versions);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        var (v2, v1) = (versions[0], versions[1]);
        Assert.Equal((2L, 1L, 1L, 0L), (v2.Runs, v2.Ended, v2.Completed, v2.Failed)); // the test run is a run, not an outcome
        Assert.Equal((3L, 3L, 1L, 2L), (v1.Runs, v1.Ended, v1.Completed, v1.Failed));
        Assert.Equal(2.0 / 3, v1.FailureRate!.Value, 3);
        Assert.Equal(3, v1.DurationRuns);
        Assert.Equal(0, v1.MedianMs); // the fake clock stood still for the two failures
        Assert.Equal(TimeSpan.FromDays(3).TotalMilliseconds, v1.P95Ms);
        Assert.Null(await Stats.VersionsAsync("nope"));
    }
}
