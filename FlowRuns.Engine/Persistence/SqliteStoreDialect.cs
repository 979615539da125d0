using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Engine.Persistence;

/// <summary>The embedded default: one SQLite file in WAL mode (<see cref="SqlitePragmas"/>, <see cref="WalCheckpointer"/>).</summary>
public sealed class SqliteStoreDialect(StorageOptions storage) : StoreDialect
{
    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override void AddContextFactory<TContext, TPostgres>(IServiceCollection services, string? historyTable, bool pooled)
    {
        if (pooled) services.AddPooledDbContextFactory<TContext>(Configure);
        else services.AddDbContextFactory<TContext>(Configure);
        return;

        void Configure(DbContextOptionsBuilder options) =>
            options.UseSqlite(storage.StoreConnectionString, sqlite =>
            {
                if (historyTable is not null) sqlite.MigrationsHistoryTable(historyTable);
            }).AddInterceptors(new SqlitePragmas(storage.Synchronous));
    }

    public override DbConnection OpenWriterConnection()
    {
        var connection = new SqliteConnection(storage.StoreConnectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            // temp_store=MEMORY: the per-write savepoints keep their undo (statement journal) in memory, not in a temp file.
            pragmas.CommandText = SqlitePragmas.For(storage.Synchronous) + " PRAGMA temp_store=MEMORY;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void Prepare(DbCommand command) => command.Prepare();

    public override string ProbeSql =>
        "INSERT INTO \"StoreProbe\" (\"Payload\") VALUES (zeroblob(65536)); DELETE FROM \"StoreProbe\" WHERE \"Id\" < last_insert_rowid();";

    public override string IdFragmentSql =>
        "SELECT \"Id\" AS \"Value\" FROM (SELECT \"Id\", hex(\"Id\") AS h FROM \"Runs\") " +
        "WHERE instr(substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2) || substr(h, 11, 2) || substr(h, 9, 2) " +
        "|| substr(h, 15, 2) || substr(h, 13, 2) || substr(h, 17), {0}) > 0 LIMIT {1}";

    public override async Task AfterMigrateAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
}
