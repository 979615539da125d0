using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// A prepared <c>INSERT … ON CONFLICT DO UPDATE</c> for one entity type, built from the EF Core model (table, columns,
/// value converters), so the run writer's hot path cannot drift from the schema the migrations create.
/// Store-generated keys (autoincrement ids) are left to SQLite.
/// </summary>
internal sealed class EntityUpsertCommand<T> : IDisposable where T : class
{
    private readonly SqliteCommand _command;
    private readonly (SqliteParameter Parameter, IProperty Property, ValueConverter? Converter)[] _columns;

    public EntityUpsertCommand(IModel model, SqliteConnection connection, bool insertOnly)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()!;
        var properties = entity.GetProperties().Where(p => !IsAutoIncrement(p, key)).ToArray();
        _command = connection.CreateCommand();
        _columns = properties.Select((p, i) =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "$p" + i;
            _command.Parameters.Add(parameter);
            return (parameter, p, p.GetTypeMapping().Converter);
        }).ToArray();
        var names = properties.Select(p => Quote(p.GetColumnName(store)!)).ToArray();
        var sql = $"INSERT INTO {Quote(table)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        if (!insertOnly)
        {
            var keyNames = key.Properties.Select(p => Quote(p.GetColumnName(store)!)).ToArray();
            var updates = names.Except(keyNames).Select(n => $"{n} = excluded.{n}");
            sql += $" ON CONFLICT ({string.Join(", ", keyNames)}) DO UPDATE SET {string.Join(", ", updates)}";
        }
        _command.CommandText = sql;
        _command.Prepare();
    }

    public void Execute(T entity, SqliteTransaction transaction)
    {
        foreach (var (parameter, property, converter) in _columns)
        {
            var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
            if (converter is not null && value is not null) value = converter.ConvertToProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
        _command.Transaction = transaction;
        _command.ExecuteNonQuery();
    }

    private static bool IsAutoIncrement(IProperty property, IKey key) =>
        key.Properties.Count == 1 && key.Properties[0] == property && property.ValueGenerated == ValueGenerated.OnAdd
        && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public void Dispose() => _command.Dispose();
}
