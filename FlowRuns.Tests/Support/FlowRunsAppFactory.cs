using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Support;

/// <summary>
/// The real web app over its own store (a SQLite file, or a PostgreSQL database in the suite's PostgreSQL pass — see
/// <see cref="TestStore"/>). Demo seeding is on only when asked; live demo traffic is off. The owner key
/// is bootstrapped (<see cref="TestAccess"/>) and every client it creates sends it, unless <paramref name="bootstrap"/> is
/// off (a workspace with no one in it); <paramref name="ownerAccount"/> also creates the owner's sign-in.
/// </summary>
public sealed class FlowRunsAppFactory(bool seedDemo = false, Dictionary<string, string?>? settings = null, bool bootstrap = true, bool ownerAccount = false,
    ILoggerProvider? logs = null, string? store = null) : WebApplicationFactory<Program>
{
    /// <summary>The store's name (<see cref="TestStore"/>): its own, removed when the factory is disposed, or <c>store</c> — the caller's, kept.</summary>
    public string DatabasePath { get; } = store ?? Path.Combine(Path.GetTempPath(), $"flowruns-app-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Task.Run(() => TestStore.SettingsAsync(DatabasePath)).GetAwaiter().GetResult()) builder.UseSetting(key, value);
        builder.UseSetting("FlowRuns:Demo:Seed", seedDemo ? "true" : "false");
        builder.UseSetting("FlowRuns:Demo:LiveTraffic", "false");
        builder.UseSetting("FlowRuns:Demo:History", "false");
        if (bootstrap)
            foreach (var (key, value) in TestAccess.BootstrapSettings(ownerAccount)) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null) logging.AddProvider(logs);
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (bootstrap) TestAccess.UseKey(client);
    }

    /// <summary>A client that sends no credentials at all.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (store is null) await TestStore.DeleteAsync(DatabasePath);
    }
}
