using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FlowRuns.Engine.Persistence.Postgres;

/// <summary>
/// A PostgreSQL database that several app nodes share. Each context has a PostgreSQL subclass that carries that
/// provider's migrations (<c>Persistence/Postgres/Migrations</c>); text compares byte by byte (collation <c>C</c>, see
/// <see cref="PostgresModel"/>), as SQLite does.
/// </summary>
public sealed class PostgresStoreDialect(StorageOptions storage) : StoreDialect
{
    public override StoreProvider Provider => StoreProvider.Postgres;

    public override void AddContextFactory<TContext, TPostgres>(IServiceCollection services, string? historyTable, bool pooled)
    {
        if (pooled) services.AddPooledDbContextFactory<TPostgres>(Configure);
        else services.AddDbContextFactory<TPostgres>(Configure);
        // The rest of the app asks for the provider-neutral context; it gets the PostgreSQL one.
        services.AddSingleton<IDbContextFactory<TContext>>(provider => new UpcastContextFactory<TContext, TPostgres>(provider.GetRequiredService<IDbContextFactory<TPostgres>>()));
        if (!pooled) services.AddScoped<TContext>(provider => provider.GetRequiredService<TPostgres>());
        return;

        void Configure(DbContextOptionsBuilder options) =>
            options.UseNpgsql(storage.StoreConnectionString, npgsql =>
            {
                if (historyTable is not null) npgsql.MigrationsHistoryTable(historyTable);
            }).AddInterceptors(PostgresText.Instance);
    }

    public override DbConnection OpenWriterConnection()
    {
        // The writer's statements are prepared by Npgsql once it sees them reused (automatic preparation).
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(storage.StoreConnectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void Prepare(DbCommand command)
    {
    }

    public override bool PipelinesStatements => true;

    public override void BeforeExecute(DbCommand command) => PostgresText.CleanParameters(command);

    public override string ProbeSql =>
        "INSERT INTO \"StoreProbe\" (\"Payload\") VALUES (decode(repeat('00', 65536), 'hex')); " +
        "DELETE FROM \"StoreProbe\" WHERE \"Id\" < currval(pg_get_serial_sequence('\"StoreProbe\"', 'Id'));";

    public override string IdFragmentSql =>
        "SELECT \"Id\" AS \"Value\" FROM (SELECT \"Id\", upper(encode(\"Id\", 'hex')) AS h FROM \"Runs\") AS r " +
        "WHERE strpos(substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2) || substr(h, 11, 2) || substr(h, 9, 2) " +
        "|| substr(h, 15, 2) || substr(h, 13, 2) || substr(h, 17), {0}) > 0 LIMIT {1}";

    public override Task AfterMigrateAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class UpcastContextFactory<TContext, TPostgres>(IDbContextFactory<TPostgres> inner) : IDbContextFactory<TContext>
        where TContext : DbContext where TPostgres : TContext
    {
        public TContext CreateDbContext() => inner.CreateDbContext();

        public async Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
    }
}
