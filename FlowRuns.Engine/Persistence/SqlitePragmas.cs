using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Per-connection SQLite settings. With WAL, <c>synchronous=NORMAL</c> keeps every commit across a process crash
/// (kill -9); only a power loss can drop the last commits. <c>FULL</c> survives that too, at a cost per commit.
/// No connection checkpoints the log on commit (<c>wal_autocheckpoint=0</c>): <see cref="WalCheckpointer"/> does, in the
/// background; a log file that grew past <see cref="LogFileLimitBytes"/> is cut back to it when the log starts over.
/// The run writer's own connection gets the same settings (<see cref="For"/>).
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    /// <summary>The size a reset write-ahead log file is cut back to (64 MiB): the file is reused below it, not regrown.</summary>
    public const long LogFileLimitBytes = 64L * 1024 * 1024;

    private readonly string _sql = For(synchronous);

    /// <summary>The settings every connection to the store runs when it opens.</summary>
    public static string For(string synchronous) =>
        $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={LogFileLimitBytes};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
