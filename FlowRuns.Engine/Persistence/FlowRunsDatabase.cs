using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Brings the store to the current schema (EF Core migrations, the provider's own set) — or, where the app does not
/// migrate at start (<see cref="StorageOptions.MigratesAtStart"/>), checks that someone did.
/// </summary>
public sealed class FlowRunsDatabase(IDbContextFactory<FlowRunsDbContext> contexts, StoreDialect dialect, StorageOptions storage)
{
    /// <summary>Applies pending migrations (on SQLite, also switches the file to WAL).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await dialect.AfterMigrateAsync(db, cancellationToken);
    }

    /// <summary>Migrates when the app is to (<see cref="StorageOptions.MigratesAtStart"/>); otherwise refuses a store whose schema is behind.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        if (storage.MigratesAtStart)
        {
            await MigrateAsync(cancellationToken);
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await StoreSchema.EnsureCurrentAsync(db, "FlowRuns", cancellationToken);
        await dialect.AfterMigrateAsync(db, cancellationToken);
    }

    /// <summary>True when the store answers a trivial query.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
