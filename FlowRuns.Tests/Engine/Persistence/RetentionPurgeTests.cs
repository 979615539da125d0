using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>Runs past the retention go, with everything under them; the daily figures stay; a run still waiting is never touched.</summary>
public class RetentionPurgeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync(time: _time, services: s => s.Configure<FlowRuns.Engine.Execution.RetentionOptions>(o => { o.Days = 90; o.BatchSize = 3; o.FirstPassAfter = TimeSpan.FromDays(1000); /* this test runs the pass itself */ }));
        await _engine.PublishAsync(CardFlow("Card"));
        await _engine.CreateContactAsync("c-1");
    }

    /// <summary>The card flow, its send node labelled <paramref name="label"/> (each label another draft of it).</summary>
    private static System.Text.Json.Nodes.JsonObject CardFlow(string label) =>
        Json.Flow("card",
            [
                new { id = "send", type = "send", label, channel = "card", body = "Hello" },
                new { id = "branch", type = "condition", label = "Wait?", expression = "%{wait} == true" },
                new { id = "wait", type = "wait", label = "Wait", @event = "go" },
                new { id = "e", type = "end", label = "E" },
            ],
            [
                new { from = "start", to = "send" }, new { from = "send", to = "branch" }, new { from = "branch", to = "wait", when = "true" },
                new { from = "branch", to = "e", when = "false" }, new { from = "wait", to = "e", when = "event" },
            ]);

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
    }

    [Fact]
    public async Task RunsPastTheRetention_AreDeletedWithEverythingUnderThem_AndTheFiguresStay()
    {
        var old = new List<string>();
        for (var i = 0; i < 7; i++) old.Add((await _engine.RunAsync("card", "c-1", new { wait = false })).Id);
        var stillWaiting = (await _engine.RunAsync("card", "c-1", new { wait = true })).Id;
        _time.Advance(TimeSpan.FromDays(100));
        var recent = (await _engine.RunAsync("card", "c-1", new { wait = false })).Id;
        var figuresBefore = await FiguresAsync();

        var removed = await _engine.Services.GetRequiredService<RetentionPurge>().PurgeOnceAsync();

        Assert.Equal(7, removed);
        foreach (var id in old) Assert.Null(await _engine.Runs.GetAsync(Guid.Parse(id)));
        Assert.Equal("Waiting", (await _engine.GetAsync(Guid.Parse(stillWaiting))).Status);
        Assert.Equal("Completed", (await _engine.GetAsync(Guid.Parse(recent))).Status);
        await using var db = await _engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var keys = await db.Runs.Select(r => r.Key).ToListAsync();
        Assert.Equal(2, keys.Count);
        Assert.Empty(await db.Steps.Where(s => !keys.Contains(s.RunKey)).ToListAsync());
        Assert.Empty(await db.Deliveries.Where(d => d.RunKey != null && !keys.Contains(d.RunKey.Value)).ToListAsync());
        Assert.Empty(await db.RunEvents.Where(e => !keys.Contains(e.RunKey)).ToListAsync());
        Assert.Equal(figuresBefore, await FiguresAsync());

        // Nothing more to do: a second pass removes nothing.
        Assert.Equal(0, await _engine.Services.GetRequiredService<RetentionPurge>().PurgeOnceAsync());
    }

    [Fact]
    public async Task DraftTrials_NoRunRefersTo_GoWithTheRetention_WhileATrialRunOnOrTestedAgainStays()
    {
        var catalog = _engine.Catalog;
        Task<int> KeepAsync(string label) => catalog.KeepTrialAsync(FlowRuns.Engine.Definitions.FlowJson.Parse(CardFlow(label)));
        async Task<string> TestRunAsync(int trial)
        {
            var run = await _engine.Engine.StartAsync(new FlowRuns.Engine.Execution.StartRunRequest("card", FlowRuns.Engine.Execution.RunTrigger.Test)
            {
                Version = trial, IsTest = true,
                MockContact = new FlowRuns.Engine.Execution.ContactSnapshot("test-contact", "Test", null, null, new Dictionary<string, object?>()),
            });
            await run.Settled.WaitAsync(TimeSpan.FromSeconds(30));
            return run.Id.ToString();
        }

        var ranOn = await KeepAsync("Tested, its test run ended");
        var ended = await TestRunAsync(ranOn);
        var runOnLater = await KeepAsync("Kept before the cut-off, run on after it");
        var unused = await KeepAsync("Kept, never run");
        for (var i = 0; i < 3; i++) await KeepAsync($"Kept, never run either ({i})"); // more than one batch of 3 to delete
        var keptAgain = await KeepAsync("Kept, and kept again after the cut-off");
        _time.Advance(TimeSpan.FromDays(100));
        var recentRun = await TestRunAsync(runOnLater); // a test run does not wait: it ends at once (its run is recent, though)
        Assert.Equal(keptAgain, await KeepAsync("Kept, and kept again after the cut-off"));
        var recent = await KeepAsync("Kept after the cut-off");

        Assert.Equal(1, await _engine.Services.GetRequiredService<RetentionPurge>().PurgeOnceAsync()); // the ended test run

        await using var db = await _engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var trials = await db.FlowVersions.Where(v => v.Number <= 0).Select(v => v.Number).ToListAsync();
        Assert.Equal(new[] { runOnLater, keptAgain, recent }.Order(), trials.Order()); // the old run's trial went with it; the unused one too
        Assert.Null(await _engine.Runs.GetAsync(Guid.Parse(ended)));
        Assert.Equal("Completed", (await _engine.GetAsync(Guid.Parse(recentRun))).Status);
        // The catalog forgot the deleted ones (the ended run's trial was compiled when it ran); the kept ones still serve.
        await Assert.ThrowsAsync<FlowRuns.Engine.Execution.FlowNotFoundException>(() => catalog.GetAsync("card", ranOn));
        await Assert.ThrowsAsync<FlowRuns.Engine.Execution.FlowNotFoundException>(() => catalog.GetAsync("card", unused));
        Assert.Equal(keptAgain, (await catalog.GetAsync("card", keptAgain)).Version);
        // A deleted trial's draft tested again gets a new trial, numbered below every one there was.
        Assert.Equal(recent - 1, await KeepAsync("Kept, never run"));
        Assert.Equal(1, (await db.Flows.SingleAsync(f => f.Key == "card")).CurrentVersion); // the flow's versions untouched
    }

    [Fact]
    public async Task APurge_CopiesItsBatchesBackIntoTheStore_SoTheNextWriteStartsTheLogOver_WithNoRestartHoldingTheWriteLock()
    {
        // An engine whose background checkpointer never comes round: only the purge copies the log back.
        var engine = await TestEngine.StartAsync(time: _time, storage: s => s.CheckpointInterval = TimeSpan.FromHours(1),
            services: s => s.Configure<FlowRuns.Engine.Execution.RetentionOptions>(o => { o.Days = 90; o.BatchSize = 3; o.FirstPassAfter = TimeSpan.FromDays(1000); }));
        try
        {
            await engine.PublishAsync(Json.Flow("card", [new { id = "send", type = "send", label = "Card", channel = "card", body = "Hello" }],
                [new { from = "start", to = "send" }]));
            await engine.CreateContactAsync("c-1");
            for (var i = 0; i < 7; i++) await engine.RunAsync("card", "c-1", new { });
            _time.Advance(TimeSpan.FromDays(100));

            Assert.Equal(7, await engine.Services.GetRequiredService<RetentionPurge>().PurgeOnceAsync());
            await engine.CreateContactAsync("c-after");

            // Nothing else checkpointed: without the purge's copy-back the log would hold everything since the engine started
            // (the flow, the contact, seven runs, the purge). After the purge and one commit it holds that commit only.
            var pages = await LogPagesAsync(engine.DatabasePath);
            Assert.True(pages <= 5, $"after the purge and one commit the log held {pages} pages: it did not start over");
        }
        finally
        {
            await engine.DisposeAsync();
            engine.DeleteFiles();
        }
    }

    /// <summary>The log's length in pages now (a passive checkpoint reports it; it never restarts the log itself).</summary>
    private static async Task<int> LogPagesAsync(string path)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt32(1);
    }

    private async Task<string> FiguresAsync()
    {
        await using var db = await _engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var days = await db.FlowDayStats.AsNoTracking().ToListAsync();
        var nodes = await db.NodeStats.AsNoTracking().ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(days) + System.Text.Json.JsonSerializer.Serialize(nodes);
    }
}
