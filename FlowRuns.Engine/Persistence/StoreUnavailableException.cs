using Microsoft.Data.Sqlite;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The store refused to write (disk full, I/O error, read-only or missing file): nothing of the write was kept. The
/// API answers 503 with <see cref="Exception.Message"/>; the writer tries again with the next write.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>SQLite result codes that mean the store as a whole cannot write, not that one write was wrong.</summary>
    public static bool IsStoreFailure(Exception ex) => ex switch
    {
        StoreUnavailableException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 /* BUSY */ or 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */,
        _ => ex.InnerException is { } inner && IsStoreFailure(inner),
    };

    public static StoreUnavailableException From(Exception ex) => ex as StoreUnavailableException
        ?? new StoreUnavailableException($"The store cannot write: {Describe(ex)}", ex);

    private static string Describe(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 13 } => "the database or disk is full",
        SqliteException { SqliteErrorCode: 8 } => "the database is read-only",
        SqliteException { SqliteErrorCode: 10 } => "an I/O error occurred",
        SqliteException { SqliteErrorCode: 14 } => "the database file cannot be opened",
        SqliteException { SqliteErrorCode: 5 } => "the database stayed locked",
        SqliteException sqlite => sqlite.Message,
        _ when ex.InnerException is { } inner => Describe(inner),
        _ => ex.Message,
    };
}

/// <summary>A run's row was not written because this engine no longer holds its lease (another engine took the run over).</summary>
public sealed class LeaseLostException(Guid runId, string message) : Exception(message)
{
    public Guid RunId { get; } = runId;
}

/// <summary>A run's row was not written because someone asked to cancel the run: the walk stops and cancels it.</summary>
public sealed class RunCancelRequestedException(Guid runId, string by) : Exception($"Run {runId:N} was cancelled by {by}.")
{
    public Guid RunId { get; } = runId;
    public string By { get; } = by;
}
