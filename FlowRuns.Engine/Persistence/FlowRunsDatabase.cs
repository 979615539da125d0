using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>Brings the store to the current schema (EF Core migrations) and switches it to WAL.</summary>
public sealed class FlowRunsDatabase(IDbContextFactory<FlowRunsDbContext> contexts)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>True when the store answers a trivial query.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
