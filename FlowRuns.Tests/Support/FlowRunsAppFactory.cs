using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Support;

/// <summary>The real web app over its own SQLite file. Demo seeding is on only when asked; live demo traffic is off.</summary>
public sealed class FlowRunsAppFactory(bool seedDemo = false, Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"flowruns-app-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("FlowRuns:Database:Path", DatabasePath);
        builder.UseSetting("FlowRuns:Demo:Seed", seedDemo ? "true" : "false");
        builder.UseSetting("FlowRuns:Demo:LiveTraffic", "false");
        builder.UseSetting("FlowRuns:Demo:History", "false");
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        FlowRuns.Engine.Persistence.SqliteFiles.Delete(DatabasePath);
    }
}
