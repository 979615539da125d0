using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Points an EF Core context at the FlowRuns store with the store's per-connection settings (WAL-friendly sync, busy
/// timeout, foreign keys). The engine's own context uses it; so does any other context that shares the store file
/// (give it its own migrations history table through <paramref name="sqlite"/>).
/// </summary>
public static class StoreContextOptions
{
    public static DbContextOptionsBuilder UseFlowRunsStore(this DbContextOptionsBuilder options, StorageOptions storage, Action<SqliteDbContextOptionsBuilder>? sqlite = null) =>
        options.UseSqlite(storage.ConnectionString, sqlite).AddInterceptors(new SqlitePragmas(storage.Synchronous));
}
