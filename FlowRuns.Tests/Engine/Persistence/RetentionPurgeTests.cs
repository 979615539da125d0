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
        await _engine.PublishAsync(Json.Flow("card",
            [
                new { id = "send", type = "send", label = "Card", channel = "card", body = "Hello" },
                new { id = "branch", type = "condition", label = "Wait?", expression = "%{wait} == true" },
                new { id = "wait", type = "wait", label = "Wait", @event = "go" },
                new { id = "e", type = "end", label = "E" },
            ],
            [
                new { from = "start", to = "send" }, new { from = "send", to = "branch" }, new { from = "branch", to = "wait", when = "true" },
                new { from = "branch", to = "e", when = "false" }, new { from = "wait", to = "e", when = "event" },
            ]));
        await _engine.CreateContactAsync("c-1");
    }

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
