using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// SQLite only: moves the write-ahead log back into the store file in the background, every <see cref="StorageOptions.CheckpointInterval"/>. Connections do
/// not checkpoint on commit (<c>wal_autocheckpoint=0</c>, <see cref="SqlitePragmas"/>): otherwise the commit that
/// happened to cross SQLite's 1,000-page mark would copy and sync the whole log before returning, and the run whose write
/// it carried would wait (a second and more on a large store).
/// <para>
/// Each pass is a PASSIVE checkpoint, which waits for nobody. Under steady load that alone never lets the log start
/// over — new frames arrive while it copies, and readers hold older ones — so the log file grew without end (800 MB in
/// 15 s of run starts) and every read searched a longer log index. Once the log holds more than
/// <see cref="StorageOptions.LogRestartPages"/> pages, the pass finishes with a RESTART checkpoint: most of the log
/// is copied already, so it holds the write lock only to copy the last frames and to wait — at most
/// <see cref="RestartWait"/> — for readers of older frames (readers that start once the log is copied read the store
/// file); then the next commit writes the log from its start again (the file is reused, and cut back to
/// <c>journal_size_limit</c> — see <see cref="SqlitePragmas"/> — when it grew past it).
/// </para>
/// <para>
/// A bulk writer (the retention purge) does better by calling <see cref="CopyBackAsync"/> after each batch: a log fully
/// copied back is started over by SQLite on the next write, with no restart holding the write lock.
/// </para>
/// </summary>
public sealed class WalCheckpointer(StorageOptions storage, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// How long a RESTART checkpoint waits for older readers before it gives up until the next pass.
    /// A restart holds the write lock while it waits, and SQLite's busy handler waits in growing steps — so it is kept
    /// short: readers that began before the log was copied back are short queries, and a restart that did not get through
    /// is tried again on the next pass. (At 100 ms, live starts during a retention purge waited up to 130 ms at p99; at
    /// 10 ms, 80–106 ms — see BENCHMARKS.md.)
    /// </summary>
    public static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// One pass now: a passive checkpoint, then — when the log is over its limit — a restarting one. Returns the log's
    /// size after the passive step, how much of it is back in the store (pages), and whether the log starts over.
    /// </summary>
    public async Task<(int LogPages, int Checkpointed, bool Restarted)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        // Its own connection, out of the pool: the short busy timeout below must not reach a connection someone else reuses.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(storage.StoreConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        var (_, log, moved) = await CheckpointAsync(connection, "PASSIVE", cancellationToken);
        if (log <= storage.LogRestartPages) return (log, moved, false);
        await using (var wait = connection.CreateCommand())
        {
            wait.CommandText = $"PRAGMA busy_timeout={(int)RestartWait.TotalMilliseconds};";
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        var (busy, _, _) = await CheckpointAsync(connection, "RESTART", cancellationToken);
        return (log, moved, !busy);
    }

    /// <summary>
    /// A passive checkpoint now, for a bulk writer (the retention purge) after each of its batches: its pages go back into
    /// the store file while it pauses, at its cost and blocking no one, so the log is fully copied back before the next
    /// write — and SQLite starts a fully copied log over on that write by itself, with no RESTART holding the write lock.
    /// Returns the log's size and how much of it is back in the store (pages).
    /// </summary>
    public async Task<(int LogPages, int Checkpointed)> CopyBackAsync(CancellationToken cancellationToken = default)
    {
        if (storage.Provider != StoreProvider.Sqlite) return (0, 0);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(storage.StoreConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        var (_, log, moved) = await CheckpointAsync(connection, "PASSIVE", cancellationToken);
        return (log, moved);
    }

    /// <summary>One <c>PRAGMA wal_checkpoint</c>: whether it was blocked, the log's size and how much of it is in the store (pages).</summary>
    private static async Task<(bool Busy, int LogPages, int Checkpointed)> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2)) : (false, 0, 0);
    }

    /// <summary>The configured interval kept inside its documented range (100 ms to 1 h).</summary>
    private static TimeSpan Clamp(TimeSpan interval) => TimeSpan.FromTicks(Math.Clamp(interval.Ticks, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromHours(1).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Provider != StoreProvider.Sqlite) return; // PostgreSQL keeps its own log
        using var timer = new PeriodicTimer(Clamp(storage.CheckpointInterval));
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
