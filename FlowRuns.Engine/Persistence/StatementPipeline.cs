using System.Data.Common;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The statements of one write whose results the writer does not read (a run's steps, events and deliveries; inbox
/// entries marked applied), sent together: on PostgreSQL as one <see cref="DbBatch"/> — one round trip instead of one
/// per row, which is most of a write's time when the database is across a network or busy — and on SQLite, where a
/// statement is a call into the process, each at once. They run in the order they were added, inside the writer's
/// transaction; a failure of any fails the write as before.
/// </summary>
internal sealed class StatementPipeline(DbConnection connection, StoreDialect dialect)
{
    private DbBatch? _batch;

    /// <summary>Runs <paramref name="bound"/> (parameters set) now, or copies it into the batch sent by <see cref="Send"/>.</summary>
    public void Add(DbCommand bound)
    {
        dialect.BeforeExecute(bound);
        if (!dialect.PipelinesStatements)
        {
            bound.ExecuteNonQuery();
            return;
        }
        _batch ??= connection.CreateBatch();
        var copy = _batch.CreateBatchCommand();
        copy.CommandText = bound.CommandText;
        foreach (DbParameter parameter in bound.Parameters)
        {
            var value = copy.CreateParameter();
            value.ParameterName = parameter.ParameterName;
            value.Value = parameter.Value;
            copy.Parameters.Add(value);
        }
        _batch.BatchCommands.Add(copy);
    }

    /// <summary>Sends what was added (nothing on SQLite: it ran as it was added).</summary>
    public void Send(DbTransaction transaction)
    {
        if (_batch is not { } batch) return;
        _batch = null;
        using (batch)
        {
            batch.Transaction = transaction;
            batch.ExecuteNonQuery();
        }
    }

    /// <summary>Drops what was added and not sent (the write failed before it was sent).</summary>
    public void Discard()
    {
        _batch?.Dispose();
        _batch = null;
    }
}
