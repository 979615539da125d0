using System.Text.Json.Nodes;
using FlowRuns.Engine;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A real engine over its own store (a SQLite file, or a PostgreSQL database in the suite's PostgreSQL pass — see
/// <see cref="TestStore"/>), for one test. Publish flows, create contacts, run and read back.
/// Dispose it to stop the engine (the same as the process stopping) — the file stays readable through <see cref="ReopenAsync"/>.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private TestEngine(string path, ServiceProvider services)
    {
        DatabasePath = path;
        _services = services;
        _hosted = services.GetServices<IHostedService>().ToList();
    }

    public string DatabasePath { get; }

    public IServiceProvider Services => _services;

    public FlowEngine Engine => _services.GetRequiredService<FlowEngine>();

    public FlowCatalog Catalog => _services.GetRequiredService<FlowCatalog>();

    public RunQueries Runs => _services.GetRequiredService<RunQueries>();

    public Task<TestEngine> ReopenAsync(TimeProvider time) => StartAsync(time: time, path: DatabasePath);

    public static async Task<TestEngine> StartAsync(Action<FlowRunsEngineOptions>? configure = null, TimeProvider? time = null, string? path = null,
        Action<IServiceCollection>? services = null, Action<StorageOptions>? storage = null)
    {
        path ??= Path.Combine(Path.GetTempPath(), $"flowruns-test-{Guid.NewGuid():N}.db");
        var collection = new ServiceCollection();
        collection.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            // FLOWRUNS_TEST_LOG=<file> appends the engines' warnings and errors to that file (for a failing test).
            if (Environment.GetEnvironmentVariable("FLOWRUNS_TEST_LOG") is { Length: > 0 } file) b.AddProvider(new FileLoggerProvider(file));
        });
        if (time is not null) collection.AddSingleton(time);
        var storageOptions = new StorageOptions();
        await TestStore.UseAsync(storageOptions, path);
        storage?.Invoke(storageOptions);
        collection.AddFlowRunsEngine(storageOptions);
        collection.Configure<FlowRunsEngineOptions>(o => configure?.Invoke(o));
        services?.Invoke(collection);
        var engine = new TestEngine(path, collection.BuildServiceProvider());
        foreach (var hosted in engine._hosted) await hosted.StartAsync(CancellationToken.None);
        return engine;
    }

    /// <summary>A second engine on the same file: what a restart after a crash sees.</summary>
    public Task<TestEngine> ReopenAsync(Action<FlowRunsEngineOptions>? configure = null) => StartAsync(configure, path: DatabasePath);

    public async Task PublishDemoFlowsAsync()
    {
        foreach (var key in new[] { "eligibility-check", "loan-approval", "service-disruption", "savings-nudge" })
            await Catalog.PublishAsync(DemoFlows.Load().Single(f => f.Key == key));
    }

    public Task<PublishResult> PublishAsync(string json) => Catalog.PublishAsync(FlowJson.Parse(json));

    public Task<PublishResult> PublishAsync(JsonObject json) => Catalog.PublishAsync(FlowJson.Parse(json));

    public async Task CreateContactAsync(string id, object? attributes = null, string? email = "someone@example.com", string? phone = "+491700000000", string? name = "Test Person")
    {
        var map = attributes is null ? new Dictionary<string, object?>() : Json.Map(attributes);
        await _services.GetRequiredService<ContactStore>().UpsertAsync(id, name, email, phone, map);
    }

    /// <summary>Starts a run and waits until it ends or suspends; returns it as the API shows it.</summary>
    public async Task<RunDetail> RunAsync(string flowKey, string contactId, object? data = null, IReadOnlyDictionary<string, object?>? contactEvent = null)
    {
        var execution = await Engine.StartAsync(new StartRunRequest(flowKey, RunTrigger.Api)
        {
            ContactId = contactId,
            Data = data is null ? null : Json.Map(data),
            Event = contactEvent,
        });
        await execution.Settled.WaitAsync(TimeSpan.FromSeconds(30));
        return await GetAsync(execution.Id);
    }

    /// <summary>Polls the store until the run satisfies <paramref name="condition"/> (10 s at most).</summary>
    public async Task<RunDetail> WaitForAsync(string id, Func<RunDetail, bool> condition, string what = "the expected state")
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        RunDetail run;
        do
        {
            run = await GetAsync(Guid.Parse(id));
            if (condition(run)) return run;
            await Task.Delay(10);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Run {id} did not reach {what}: it is {run.Status} at {run.CurrentNodeId} (waiting for {run.WaitingFor ?? "-"}); " +
            $"the scheduler is {Scheduler.Phase}; {Engine.ActiveCount} runs claimed.");
    }

    public Task<RunDetail> WaitForStatusAsync(string id, string status) => WaitForAsync(id, r => r.Status == status, status);

    public EventRouter Events => _services.GetRequiredService<EventRouter>();

    public RunScheduler Scheduler => _hosted.OfType<RunScheduler>().Single();

    /// <summary>Waits for a whole scheduler tick: whatever was due has been resumed (or refused) when it returns. What a test awaits instead of sleeping.</summary>
    public async Task TickAsync()
    {
        try
        {
            await Scheduler.NextTickAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            var writer = _services.GetRequiredService<RunWriter>();
            throw new TimeoutException($"No scheduler tick in 30 s: the scheduler is {Scheduler.Phase}; the run writer is {(writer.IsRunning ? "running" : "stopped")}, " +
                $"{writer.CommittedBatches} batches, last active {writer.LastActivity:HH:mm:ss.fff}; {Engine.ActiveCount} runs claimed.");
        }
    }

    /// <summary>How much the store takes: its file (SQLite), or its database (PostgreSQL, <c>pg_database_size</c>).</summary>
    public async Task<long> StoreBytesAsync()
    {
        if (!TestStore.IsPostgres) return new FileInfo(DatabasePath).Length;
        await using var db = await _services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.SqlQueryRaw<long>(db.Database, "SELECT pg_database_size(current_database()) AS \"Value\""));
    }

    public async Task<RunDetail> GetAsync(Guid id) =>
        await Runs.GetAsync(id) ?? throw new InvalidOperationException($"Run {id:N} is not in the store.");

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted)) await hosted.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Deletes the database files; call after the last engine on them is disposed.</summary>
    public void DeleteFiles()
    {
        Task.Run(() => TestStore.DeleteAsync(DatabasePath)).GetAwaiter().GetResult();
    }
}
