using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// A prepared <c>INSERT … ON CONFLICT DO UPDATE</c> for one entity type, built from the EF Core model (table, columns,
/// value converters), so the run writer's hot path cannot drift from the schema the migrations create.
/// Store-generated keys (autoincrement ids) are left to the store. The same SQL runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class EntityUpsertCommand<T> : IDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly StoreDialect _dialect;
    private readonly (DbParameter Parameter, IProperty Property, ValueConverter? Converter)[] _columns;

    /// <param name="insertOnly">a plain insert (with <paramref name="onConflictDoNothing"/>: one that skips duplicates).</param>
    /// <param name="storeAssignedKey">leave out the primary key: a new row whose key the store assigns (its rowid), read back by <see cref="InsertReturningKey"/>.</param>
    /// <param name="keepOnUpdate">columns an update must not overwrite.</param>
    /// <param name="updateWhere">a condition on the stored row (<c>"Table"."Column"</c>) and the new one (<c>excluded."Column"</c>) for the update to happen.</param>
    public EntityUpsertCommand(IModel model, DbConnection connection, StoreDialect dialect, bool insertOnly, bool onConflictDoNothing = false, bool storeAssignedKey = false,
        IReadOnlyCollection<string>? keepOnUpdate = null, string? updateWhere = null, IReadOnlyCollection<string>? extraParameters = null,
        string? returning = null)
    {
        _dialect = dialect;
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()!;
        var properties = entity.GetProperties().Where(p => !IsAutoIncrement(p, key) && !(storeAssignedKey && key.Properties.Contains(p))).ToArray();
        _command = connection.CreateCommand();
        _columns = properties.Select((p, i) =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            _command.Parameters.Add(parameter);
            return (parameter, p, p.GetTypeMapping().Converter);
        }).ToArray();
        var names = properties.Select(p => Quote(p.GetColumnName(store)!)).ToArray();
        var sql = $"INSERT INTO {Quote(table)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        foreach (var name in extraParameters ?? [])
        {
            var extra = _command.CreateParameter();
            extra.ParameterName = name;
            _command.Parameters.Add(extra);
        }
        if (onConflictDoNothing) sql += " ON CONFLICT DO NOTHING";
        else if (!insertOnly)
        {
            var keyNames = key.Properties.Select(p => Quote(p.GetColumnName(store)!)).ToArray();
            var kept = (keepOnUpdate ?? []).Select(Quote).ToHashSet();
            var updates = names.Except(keyNames).Where(n => !kept.Contains(n)).Select(n => $"{n} = excluded.{n}");
            sql += $" ON CONFLICT ({string.Join(", ", keyNames)}) DO UPDATE SET {string.Join(", ", updates)}";
            if (updateWhere is not null) sql += " WHERE " + updateWhere;
        }
        if (storeAssignedKey) sql += $" RETURNING {Quote(key.Properties[0].GetColumnName(store)!)}";
        else if (returning is not null) sql += " RETURNING " + returning;
        _command.CommandText = sql;
        dialect.Prepare(_command);
    }

    /// <summary>Sets a parameter named in <c>extraParameters</c> (used by <c>updateWhere</c>).</summary>
    public void Set(string parameter, object? value) => _command.Parameters[parameter].Value = value ?? DBNull.Value;

    /// <summary>Writes the row; returns how many rows changed (0 when an update's condition refused it or a duplicate was skipped).</summary>
    public int Execute(T entity, DbTransaction transaction)
    {
        Bind(entity, transaction);
        return _command.ExecuteNonQuery();
    }

    /// <summary>The statement with <paramref name="entity"/>'s values bound, for a caller that sends it later (see <see cref="StatementPipeline"/>).</summary>
    public DbCommand Bound(T entity, DbTransaction transaction)
    {
        Bind(entity, transaction);
        return _command;
    }

    /// <summary>Writes the row and returns the <c>returning</c> expression of the row written; null when nothing was written.</summary>
    public object? ExecuteReturning(T entity, DbTransaction transaction)
    {
        Bind(entity, transaction);
        return _command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    /// <summary>Inserts a row whose key the store assigns and returns that key (0 when a duplicate was skipped).</summary>
    public long InsertReturningKey(T entity, DbTransaction transaction)
    {
        Bind(entity, transaction);
        return _command.ExecuteScalar() is { } key and not DBNull ? Convert.ToInt64(key) : 0;
    }

    private void Bind(T entity, DbTransaction transaction)
    {
        foreach (var (parameter, property, converter) in _columns)
        {
            var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
            if (converter is not null && value is not null) value = converter.ConvertToProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
        _command.Transaction = transaction;
        _dialect.BeforeExecute(_command);
    }

    private static bool IsAutoIncrement(IProperty property, IKey key) =>
        key.Properties.Count == 1 && key.Properties[0] == property && property.ValueGenerated == ValueGenerated.OnAdd
        && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public void Dispose() => _command.Dispose();
}
