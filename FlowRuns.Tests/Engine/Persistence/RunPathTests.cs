using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>
/// Every customer's run stores the exact path it took when it ends (nodes in order, the port each left by); a version's
/// runs are grouped by it, and the same groups count how many runs reached each node and took each edge.
/// </summary>
public class RunPathTests : EngineScope
{
    private PathQueries Paths => Engine.Services.GetRequiredService<PathQueries>();

    private async Task<Dictionary<Guid, string?>> StoredSignaturesAsync()
    {
        var contexts = Engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Runs.AsNoTracking()
            .Select(r => new { r.Id, Signature = db.FlowPaths.Where(p => p.Id == r.PathId).Select(p => p.Signature).FirstOrDefault() })
            .ToDictionaryAsync(r => r.Id, r => r.Signature);
    }

    private static string Path(params string[] steps) => RunPath.Encode(steps.Select(s => s.Split(':') is var parts && parts.Length == 2 ? (parts[0], (string?)parts[1]) : (s, null)));

    private async Task PublishLoopAsync()
    {
        await Engine.PublishAsync(Json.Flow("loop",
            [
                new { id = "inc", type = "set", label = "Count one up", assign = new Dictionary<string, string> { ["n"] = "%{n} + 1" } },
                new { id = "check", type = "condition", label = "Again?", expression = "%{n} < %{times}" },
                new { id = "done", type = "end", label = "Done" },
            ],
            [new { from = "start", to = "inc" }, new { from = "inc", to = "check" }, new { from = "check", when = "true", to = "inc" }, new { from = "check", when = "false", to = "done" }]));
        await Engine.CreateContactAsync("c-1");
    }

    [Fact]
    public async Task ALoop_IsPartOfThePath_EachTimeRound_AndEachLoopCountIsItsOwnPath()
    {
        await PublishLoopAsync();
        var twice = await Engine.RunAsync("loop", "c-1", new { n = 0, times = 2 });
        var once = await Engine.RunAsync("loop", "c-1", new { n = 0, times = 1 });
        var again = await Engine.RunAsync("loop", "c-1", new { n = 0, times = 2 });

        var stored = await StoredSignaturesAsync();
        var start = twice.Steps[0].NodeId;
        Assert.Equal(Path($"{start}:{twice.Steps[0].Port}", "inc:" + twice.Steps[1].Port, "check:true", "inc:" + twice.Steps[1].Port, "check:false", "done"),
            stored[Guid.Parse(twice.Id)]);
        Assert.Equal(stored[Guid.Parse(twice.Id)], stored[Guid.Parse(again.Id)]);
        Assert.NotEqual(stored[Guid.Parse(twice.Id)], stored[Guid.Parse(once.Id)]);

        var paths = await Paths.ForVersionAsync("loop", 1, null, null);
        Assert.NotNull(paths);
        Assert.Equal((3, 2), (paths.Runs, paths.PathCount));
        var most = paths.Groups[0];
        Assert.Equal((2, 2, 0, 0), (most.Count, most.Completed, most.Failed, most.Cancelled));
        Assert.Equal(2.0 / 3, most.Share, 3);
        Assert.Equal(["Count one up", "Again?", "Count one up", "Again?", "Done"], most.Steps.Skip(1).Select(s => s.NodeLabel));
        // A run counts once per node and per edge, however often its loop went round.
        Assert.Equal(3, paths.NodeRuns["inc"]);
        Assert.Equal(2, paths.Edges.Single(e => e is { From: "check", Port: "true", To: "inc" }).Runs);
        Assert.Equal(3, paths.Edges.Single(e => e is { From: "check", Port: "false", To: "done" }).Runs);
        Assert.Equal([again.Id, twice.Id], (await Paths.LatestRunsAsync("loop", 1, most.PathId, paths.From, null)).Select(r => r.Id));
    }

    [Fact]
    public async Task AWaitResumedByItsEvent_ACancelledWait_AndASubflow_EndWithTheirPaths_AndTestRunsHaveNone()
    {
        await Engine.PublishAsync(Json.Flow("child",
            [new { id = "calc", type = "set", label = "Calc", assign = new Dictionary<string, string> { ["x"] = "1" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "calc" }, new { from = "calc", to = "e" }]));
        await Engine.PublishAsync(Json.Flow("parent",
            [
                new { id = "wait", type = "wait", label = "Wait", @event = "go", timeout = "PT1H" },
                new { id = "sub", type = "subflow", label = "Sub", flow = "child" },
                new { id = "late", type = "end", label = "Late" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "wait" }, new { from = "wait", when = "event", to = "sub" }, new { from = "wait", when = "timeout", to = "late" }, new { from = "sub", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        await Engine.CreateContactAsync("c-2");
        var resumed = await Engine.RunAsync("parent", "c-1");
        var cancelled = await Engine.RunAsync("parent", "c-2");
        Assert.Equal(("Waiting", "Waiting"), (resumed.Status, cancelled.Status));
        Assert.Null((await StoredSignaturesAsync())[Guid.Parse(resumed.Id)]); // no path until it ends

        await Engine.Events.PostAsync(new ContactEvent("c-1", "go", new Dictionary<string, object?>()));
        var done = await Engine.WaitForStatusAsync(resumed.Id, "Completed");
        Assert.Equal(CancelStatus.Cancelled, (await Engine.Engine.CancelAsync(Guid.Parse(cancelled.Id), "qa@example.com")).Status);
        var test = await Engine.Engine.StartAsync(new StartRunRequest("child", RunTrigger.Api) { ContactId = "c-1", IsTest = true });
        await test.Settled;

        var stored = await StoredSignaturesAsync();
        var startStep = $"{done.Steps[0].NodeId}:{done.Steps[0].Port}";
        Assert.Equal(Path(startStep, "wait:event", "sub:default", "e"), stored[Guid.Parse(done.Id)]);
        Assert.Equal(Path(startStep, "wait"), stored[Guid.Parse(cancelled.Id)]);
        var child = Guid.Parse(Assert.Single(done.ChildRunIds));
        Assert.Equal(Path(startStep, "calc:" + (await Engine.GetAsync(child)).Steps[1].Port, "e"), stored[child]);
        Assert.Null(stored[test.Run.Id]);

        var paths = await Paths.ForVersionAsync("parent", 1, null, null);
        Assert.Equal(2, paths!.Runs);
        Assert.Equal([(1, 0, 0), (0, 0, 1)], paths.Groups.OrderByDescending(g => g.Completed).Select(g => (g.Completed, g.Failed, g.Cancelled)));
        Assert.Null(await Paths.ForVersionAsync("parent", 9, null, null));
    }

    [Fact, Trait(TestStore.Trait, TestStore.SqliteOnly)] // the backfill upgrades SQLite stores from before paths
    public async Task TheMigrationsBackfill_GivesStoredRunsTheSamePathsTheEngineGives()
    {
        await PublishLoopAsync();
        for (var times = 1; times <= 3; times++) await Engine.RunAsync("loop", "c-1", new { n = 0, times });
        await Engine.RunAsync("loop", "c-1", new { n = 0, times = 2 });
        var byEngine = await StoredSignaturesAsync();
        Assert.All(byEngine.Values, Assert.NotNull);

        // What the RunPaths migration does for a store whose runs ended before paths existed.
        var contexts = Engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Runs\" SET \"PathId\" = NULL; DELETE FROM \"FlowPaths\";");
            await db.Database.ExecuteSqlRawAsync(PathBackfill.Sql);
            Assert.Equal(3, await db.FlowPaths.CountAsync());
        }
        Assert.Equal(byEngine, await StoredSignaturesAsync());
    }
}
