using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// What differs between the store's two databases, in one place: how the context and the run writer's connection are
/// opened, the few statements that cannot be written once for both, and which errors mean "the store cannot write" or
/// "try the batch again". Everything else — the EF Core model, the writer's upserts, the queries — is shared.
/// </summary>
public abstract class StoreDialect
{
    public static StoreDialect For(StorageOptions storage) => storage.Provider switch
    {
        StoreProvider.Sqlite => new SqliteStoreDialect(storage),
        StoreProvider.Postgres => new Postgres.PostgresStoreDialect(storage),
        _ => throw new InvalidOperationException($"FlowRuns:Database:Provider '{storage.Provider}' is not Sqlite or Postgres."),
    };

    public abstract StoreProvider Provider { get; }

    /// <summary>
    /// Registers <c>IDbContextFactory&lt;<typeparamref name="TContext"/>&gt;</c> for this database: <typeparamref name="TContext"/>
    /// itself on SQLite, its PostgreSQL subclass <typeparamref name="TPostgres"/> (which carries that provider's migrations)
    /// on PostgreSQL. <paramref name="historyTable"/> names the context's migrations history table (null: EF Core's).
    /// </summary>
    public abstract void AddContextFactory<TContext, TPostgres>(IServiceCollection services, string? historyTable, bool pooled)
        where TContext : DbContext where TPostgres : TContext;

    /// <summary>The run writer's own connection, open, with the store's per-connection settings.</summary>
    public abstract DbConnection OpenWriterConnection();

    /// <summary>Prepares one of the writer's statements (SQLite prepares it now; Npgsql prepares what it sees reused).</summary>
    public abstract void Prepare(DbCommand command);

    /// <summary>
    /// Whether the writer sends the statements of one write whose results it does not read (steps, events, deliveries) in
    /// one round trip (a <see cref="DbBatch"/>) instead of one each: worth it over a network (PostgreSQL), not in process (SQLite).
    /// </summary>
    public virtual bool PipelinesStatements => false;

    /// <summary>Just before one of the writer's statements runs with its parameters set (PostgreSQL: <see cref="Postgres.PostgresText"/>).</summary>
    public virtual void BeforeExecute(DbCommand command)
    {
    }

    /// <summary>
    /// Writes a new 64 KiB row and drops the previous one: the store must find 64 KiB (more than a run takes) for it to
    /// commit, so it tells whether runs can be written.
    /// </summary>
    public abstract string ProbeSql { get; }

    /// <summary>
    /// Ids of runs whose shown form (32 upper-case hex digits of .NET's <see cref="Guid"/>) contains <c>{0}</c>, at most
    /// <c>{1}</c>; the ids are stored in .NET's byte order, so the shown form is rebuilt from the stored bytes.
    /// </summary>
    public abstract string IdFragmentSql { get; }

    /// <summary>Brings the store's schema to the current migrations (and sets what the database keeps per store).</summary>
    public abstract Task AfterMigrateAsync(DbContext db, CancellationToken cancellationToken);
}
