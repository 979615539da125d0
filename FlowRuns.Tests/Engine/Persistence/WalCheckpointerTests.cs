using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>Commits leave the log alone (no checkpoint inside a run's commit); the background checkpointer moves it into the store.</summary>
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
        var (log, moved) = await checkpointer.CheckpointAsync();
        Assert.Equal(log, moved);
        Assert.NotNull(await _engine.Services.GetRequiredService<ContactStore>().FindAsync("c-49"));
    }
}
