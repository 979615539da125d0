using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>The check a node makes at start when it does not migrate the store itself (<see cref="StorageOptions.Migrate"/> off).</summary>
public static class StoreSchema
{
    /// <summary>Throws, saying what to run, when <paramref name="db"/>'s store is not at the migrations this build carries.</summary>
    public static async Task EnsureCurrentAsync(DbContext db, string what, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The store's {what} schema is behind this build ({pending.Count} migrations to apply, the first {pending[0]}). " +
                "Apply them once with `dotnet FlowRuns.Web.dll migrate` (or `dotnet run --project FlowRuns.Web -- migrate`), or start one node with " +
                "FlowRuns:Database:Migrate=true.");
    }
}
