using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Per-connection SQLite settings. With WAL, <c>synchronous=NORMAL</c> keeps every commit across a process crash
/// (kill -9); only a power loss can drop the last commits. <c>FULL</c> survives that too, at a cost per commit.
/// No connection checkpoints the log on commit (<c>wal_autocheckpoint=0</c>): <see cref="WalCheckpointer"/> does, in the background.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0;";

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
