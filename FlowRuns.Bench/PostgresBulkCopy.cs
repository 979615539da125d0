using System.Diagnostics;
using System.Text.RegularExpressions;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace FlowRuns.Bench;

/// <summary>
/// Binary <c>COPY</c> of entities into PostgreSQL, with the table, columns, column types and value converters read from
/// the EF Core model (as the run writer's statements are), so a seeded store is exactly what the app writes. Row-by-row
/// inserts are a round trip each: a million runs with their steps took tens of minutes that way.
/// </summary>
internal static partial class PostgresBulkCopy
{
    /// <summary>Runs and their steps, <paramref name="perTransaction"/> runs per transaction; then the run key's identity moves past them and the tables are analyzed.</summary>
    public static async Task SeedRunsAsync(IModel model, string connectionString, IEnumerable<(RunRecord Run, StepRecord[] Steps)> generated, int perTransaction)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ToString()); // the final ANALYZE takes its time
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        var written = 0;
        foreach (var chunk in generated.Chunk(perTransaction))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await CopyAsync(connection, model, chunk.Select(c => c.Run));
            await CopyAsync(connection, model, chunk.SelectMany(c => c.Steps));
            await transaction.CommitAsync();
            written += chunk.Length;
            if (written % 20_000 == 0) Console.Write($"\r  seeded {written:N0} runs in {watch.Elapsed.TotalSeconds:F0} s");
        }
        Console.WriteLine();
        var runs = model.FindEntityType(typeof(RunRecord))!;
        var key = runs.FindPrimaryKey()!.Properties[0].GetColumnName();
        await using var after = connection.CreateCommand();
        // The key was written explicitly (the steps name it); the identity must hand out the next one, not 1.
        after.CommandText = $"""
            SELECT setval(pg_get_serial_sequence('"{runs.GetTableName()}"', '{key}'), (SELECT max("{key}") FROM "{runs.GetTableName()}"));
            ANALYZE;
            """;
        await after.ExecuteNonQueryAsync();
    }

    /// <summary>One <c>COPY … FROM STDIN (FORMAT BINARY)</c> of <paramref name="rows"/>, every mapped column including the key.</summary>
    public static async Task CopyAsync<T>(NpgsqlConnection connection, IModel model, IEnumerable<T> rows) where T : class
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Name: p.GetColumnName(store)!, Converter: p.GetTypeMapping().Converter,
            Type: Facets().Replace(p.GetColumnType(store), ""))).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var (property, _, converter, type) in columns)
            {
                var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
                if (converter is not null && value is not null) value = converter.ConvertToProvider(value);
                if (value is null) await importer.WriteNullAsync();
                else await importer.WriteAsync(value, type);
            }
        }
        await importer.CompleteAsync();
    }

    /// <summary>A column type's length or precision (<c>character varying(200)</c>): COPY names the type without it.</summary>
    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex Facets();
}
