using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>
/// A version's paths are added up from hourly figures kept by triggers, plus the runs themselves for the part-hours at
/// a window's edges: every window counts exactly the runs that ended in it, and the migration's back-fill gives the same figures.
/// </summary>
public class PathStatsTests : EngineScope
{
    private static readonly DateTimeOffset TenOClock = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(TenOClock);

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private PathQueries Paths => Engine.Services.GetRequiredService<PathQueries>();

    /// <summary>Runs ending at 10:20 (no), 10:50 (yes), 11:10 (yes), 13:30 (no) and 13:45 (yes).</summary>
    private async Task RunAtAsync()
    {
        await Engine.PublishAsync(Json.Flow("hours",
            [new { id = "check", type = "condition", label = "Yes?", expression = "%{yes} == true" }, new { id = "y", type = "end", label = "Y" }, new { id = "n", type = "end", label = "N" }],
            [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "y" }, new { from = "check", when = "false", to = "n" }]));
        await Engine.CreateContactAsync("c-1");
        foreach (var (minutes, yes) in new[] { (20, false), (50, true), (70, true), (210, false), (225, true) })
        {
            _time.SetUtcNow(TenOClock.AddMinutes(minutes));
            await Engine.RunAsync("hours", "c-1", new { yes });
        }
    }

    private async Task<(int Runs, int Yes)> CountAsync(DateTimeOffset? from, DateTimeOffset? to)
    {
        var paths = (await Paths.ForVersionAsync("hours", 1, from, to))!;
        return (paths.Runs, paths.NodeRuns.GetValueOrDefault("y"));
    }

    [Fact]
    public async Task EveryWindow_CountsExactlyTheRunsThatEndedInIt_WholeHoursFromTheFiguresAndTheEdgesFromTheRuns()
    {
        await RunAtAsync();
        Assert.Equal((5, 3), await CountAsync(null, null));
        Assert.Equal((5, 3), await CountAsync(TenOClock, TenOClock.AddHours(4)));           // whole hours only
        Assert.Equal((2, 2), await CountAsync(TenOClock.AddMinutes(30), TenOClock.AddMinutes(90))); // two part-hours
        Assert.Equal((1, 1), await CountAsync(TenOClock.AddMinutes(40), TenOClock.AddMinutes(55))); // inside one hour
        Assert.Equal((3, 2), await CountAsync(TenOClock.AddMinutes(60), null));             // open end
        Assert.Equal((4, 2), await CountAsync(null, TenOClock.AddMinutes(220)));            // open start, part-hour end
        var latest = (await Paths.ForVersionAsync("hours", 1, null, TenOClock.AddMinutes(100)))!.Groups.Single(g => g.Steps[^1].NodeId == "y");
        Assert.Equal(TenOClock.AddMinutes(70), latest.LastEndedAt);
    }

    [Fact, Trait(TestStore.Trait, TestStore.SqliteOnly)] // the backfill upgrades SQLite stores from before paths
    public async Task TheMigrationsBackfill_GivesTheSameFiguresAsTheTriggers()
    {
        await RunAtAsync();
        var contexts = Engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var byTriggers = await db.PathHourStats.AsNoTracking().OrderBy(s => s.PathId).ThenBy(s => s.Hour)
            .Select(s => new { s.PathId, s.Hour, s.Runs, s.Completed, s.Failed, s.Cancelled, s.LastEndedAt }).ToListAsync();
        Assert.Equal(5, byTriggers.Sum(s => s.Runs));
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"PathHourStats\";");
        await db.Database.ExecuteSqlRawAsync(PathStatsTriggers.Backfill);
        var byBackfill = await db.PathHourStats.AsNoTracking().OrderBy(s => s.PathId).ThenBy(s => s.Hour)
            .Select(s => new { s.PathId, s.Hour, s.Runs, s.Completed, s.Failed, s.Cancelled, s.LastEndedAt }).ToListAsync();
        Assert.Equal(byTriggers, byBackfill);
    }
}
