using FlowRuns.Engine.Persistence;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// The <c>migrate</c> command: brings the configured store (SQLite file or PostgreSQL database) to the migrations this
/// build carries — the engine's and the access tables' — and exits. What a deploy runs once before starting nodes that
/// do not migrate at start.
/// </summary>
internal static class StoreMigrations
{
    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FlowRuns.Migrate");
        var storage = services.GetRequiredService<StorageOptions>();
        try
        {
            await services.GetRequiredService<FlowRunsDatabase>().MigrateAsync();
            await using (var access = await services.GetRequiredService<IDbContextFactory<AccessDbContext>>().CreateDbContextAsync())
                await access.Database.MigrateAsync();
            logger.LogInformation("The {Provider} store is at the current schema", storage.Provider);
            return 0;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The {Provider} store could not be migrated", storage.Provider);
            return 1;
        }
    }
}
