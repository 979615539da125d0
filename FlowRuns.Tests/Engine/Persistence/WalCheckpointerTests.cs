using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>Commits leave the log alone (no checkpoint inside a run's commit); the background checkpointer moves it into the store.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)] // SQLite's own machinery
public class WalCheckpointerTests : IAsyncLifetime
{
    private TestEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
    }

    [Fact]
    public async Task StoreConnections_DoNotCheckpointOnCommit_AndTheCheckpointerEmptiesTheLog()
    {
        await using (var db = await _engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint;";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }
        for (var i = 0; i < 50; i++) await _engine.CreateContactAsync($"c-{i}", new { n = i });
        var checkpointer = _engine.Services.GetRequiredService<WalCheckpointer>();
        // The background loop (every second) may have moved some or all of it already: whatever the log holds now, one
        // checkpoint moves all of it.
        var (log, moved, _) = await checkpointer.CheckpointAsync();
        Assert.Equal(log, moved);
        Assert.NotNull(await _engine.Services.GetRequiredService<ContactStore>().FindAsync("c-49"));
    }

    [Fact]
    public async Task ALogOverItsLimit_StartsOver_OnceNoReaderHoldsItsOlderFrames()
    {
        var checkpointer = new WalCheckpointer(new StorageOptions { Path = _engine.DatabasePath, LogRestartPages = 50 }, NullLogger<WalCheckpointer>.Instance);
        // A reader in the middle of a read holds the frames it reads from: the log cannot start over under it.
        await using var reader = new SqliteConnection($"Data Source={_engine.DatabasePath};Pooling=False");
        await reader.OpenAsync();
        await using var read = reader.BeginTransaction(deferred: true); // a read transaction, not the write lock
        await using (var select = reader.CreateCommand())
        {
            select.CommandText = "SELECT count(*) FROM \"Contacts\"";
            await select.ExecuteScalarAsync();
        }
        for (var i = 0; i < 200; i++) await _engine.CreateContactAsync($"c-{i}", new { n = i, padding = new string('x', 2000) });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (pages, _, restarted) = await checkpointer.CheckpointAsync();
        Assert.True(pages > 50, $"the log held {pages} pages; the test needs more than its limit of 50");
        Assert.False(restarted); // the reader still holds older frames
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"a blocked restart gave up after {started.Elapsed.TotalMilliseconds:F0} ms, not within its wait");

        await read.CommitAsync();
        (pages, _, restarted) = await checkpointer.CheckpointAsync();
        Assert.True(restarted, $"a log of {pages} pages with no reader left did not start over");
        // The next commit writes the log from its start: the log holds only that commit's pages, not the 200 before.
        await _engine.CreateContactAsync("c-after", new { n = 200 });
        var (after, _, _) = await checkpointer.CheckpointAsync();
        Assert.True(after < 50, $"after the restart and one commit the log holds {after} pages");
        Assert.NotNull(await _engine.Services.GetRequiredService<ContactStore>().FindAsync("c-199"));
    }

    [Fact]
    public void TheRunWritersConnection_DoesNotCheckpointOnCommitEither_AndCutsItsLogBack()
    {
        // The writer opens its own connection (not through EF Core's interceptor): it must carry the same settings.
        using var connection = new SqliteStoreDialect(new StorageOptions { Path = _engine.DatabasePath }).OpenWriterConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        Assert.Equal(0L, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_size_limit;";
        Assert.Equal(64L * 1024 * 1024, command.ExecuteScalar());
    }
}
