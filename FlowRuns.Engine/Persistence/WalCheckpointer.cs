using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Moves the write-ahead log back into the store file in the background, every <see cref="Interval"/>, with a PASSIVE
/// checkpoint (it never waits for or blocks a reader or writer). Connections do not checkpoint on commit
/// (<c>wal_autocheckpoint=0</c>, <see cref="SqlitePragmas"/>): otherwise the commit that happened to cross SQLite's
/// 1,000-page mark would copy and sync the whole log before returning, and the run whose write it carried would wait
/// (a second and more on a large store) — a run start's p99 was that, not the write. SQLite still checkpoints when the
/// last connection closes.
/// </summary>
public sealed class WalCheckpointer(StorageOptions storage, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One passive checkpoint now; returns the log's size and how much of it is back in the store (pages).</summary>
    public async Task<(int LogPages, int Checkpointed)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(storage.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(1), reader.GetInt32(2)) : (0, 0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await CheckpointAsync(stoppingToken); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested) { logger.LogWarning(ex, "A background checkpoint of the store's log failed; the next one tries again"); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
