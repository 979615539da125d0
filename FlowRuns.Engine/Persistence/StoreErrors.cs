using Microsoft.Data.Sqlite;
using Npgsql;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// What a database error means to the engine, on either provider: the store as a whole cannot write (disk full, I/O
/// error, unreachable — not one write being wrong), a unique index refused a row, or a transaction lost a race with
/// another node's and can simply be applied again.
/// </summary>
public static class StoreErrors
{
    public static bool IsStoreFailure(Exception ex) => ex switch
    {
        StoreUnavailableException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 /* BUSY */ or 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */,
        // Class 08 connection exceptions, 53 insufficient resources (disk full, out of memory, too many connections),
        // 57P0x the server shutting down or unreachable, 58 system errors (I/O); a NpgsqlException with no server answer is
        // a broken or refused connection.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("58", StringComparison.Ordinal)
            || postgres.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction,
        NpgsqlException npgsql => npgsql.InnerException is not PostgresException,
        _ => ex.InnerException is { } inner && IsStoreFailure(inner),
    };

    /// <summary>A readable reason for a store failure (the database's own message when nothing better is known).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 13 } => "the database or disk is full",
        SqliteException { SqliteErrorCode: 8 } => "the database is read-only",
        SqliteException { SqliteErrorCode: 10 } => "an I/O error occurred",
        SqliteException { SqliteErrorCode: 14 } => "the database file cannot be opened",
        SqliteException { SqliteErrorCode: 5 } => "the database stayed locked",
        SqliteException sqlite => sqlite.Message,
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } => "the database server's disk is full",
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => "the database is read-only",
        PostgresException postgres => postgres.MessageText,
        NpgsqlException npgsql => "the database server cannot be reached: " + (npgsql.InnerException?.Message ?? npgsql.Message),
        _ when ex.InnerException is { } inner => Describe(inner),
        _ => ex.Message,
    };

    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => ex.InnerException is { } inner && IsUniqueViolation(inner),
    };

    /// <summary>A deadlock or serialization failure between nodes' transactions (PostgreSQL): nothing was kept; apply it again.</summary>
    public static bool IsRetryable(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => true,
        _ => ex.InnerException is { } inner && IsRetryable(inner),
    };
}
