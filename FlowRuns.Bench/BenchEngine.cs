using FlowRuns.Engine;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Bench;

/// <summary>An engine over a fresh SQLite file in the temp folder, with the 6-step benchmark flow and contacts.</summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    public const string FlowKey = "bench-six";

    /// <summary>trigger → condition → switch → set → send (card) → end: six steps, one delivery, one event.</summary>
    /// <summary>A flow whose runs wait for the event <c>go</c> (then end): what the page benchmarks watch.</summary>
    public static System.Text.Json.Nodes.JsonObject WaitingFlow(string key, string name) => new()
    {
        ["key"] = key, ["name"] = name, ["trigger"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "api" },
        ["nodes"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["id"] = "start", ["type"] = "trigger", ["label"] = "Start" },
            new System.Text.Json.Nodes.JsonObject { ["id"] = "wait", ["type"] = "wait", ["label"] = "Wait", ["event"] = "go" },
            new System.Text.Json.Nodes.JsonObject { ["id"] = "end", ["type"] = "end", ["label"] = "Done" }),
        ["edges"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["from"] = "start", ["to"] = "wait" },
            new System.Text.Json.Nodes.JsonObject { ["from"] = "wait", ["to"] = "end", ["when"] = "event" }),
    };

    public const string SixStepFlow = """
        {
          "key": "bench-six", "name": "Benchmark six steps", "trigger": { "type": "api" },
          "nodes": [
            { "id": "start", "type": "trigger", "label": "Start" },
            { "id": "eligible", "type": "condition", "label": "Eligible?", "expression": "%{balance} > 1000" },
            { "id": "segment", "type": "switch", "label": "Segment", "on": "%{customerSegment}", "cases": ["premium", "standard"] },
            { "id": "remember", "type": "set", "label": "Remember", "assign": { "offered": "true" } },
            { "id": "card", "type": "send", "label": "Offer card", "channel": "card", "title": "An offer", "body": "Hi %{firstName}, an offer for you." },
            { "id": "done", "type": "end", "label": "Done" }
          ],
          "edges": [
            { "from": "start", "to": "eligible" },
            { "from": "eligible", "to": "segment", "when": "true" },
            { "from": "eligible", "to": "done", "when": "false" },
            { "from": "segment", "to": "remember", "when": "premium" },
            { "from": "segment", "to": "remember", "when": "standard" },
            { "from": "segment", "to": "remember", "when": "default" },
            { "from": "remember", "to": "card" },
            { "from": "card", "to": "done" }
          ]
        }
        """;

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private BenchEngine(string path, ServiceProvider services)
    {
        Path = path;
        _services = services;
        _hosted = services.GetServices<IHostedService>().ToList();
    }

    public string Path { get; }

    /// <summary>The PostgreSQL server the store is on, or null for a SQLite file.</summary>
    public FlowRuns.Tests.Support.PostgresServer? Postgres { get; private init; }

    public FlowEngine Engine => _services.GetRequiredService<FlowEngine>();

    public IServiceProvider Services => _services;

    /// <param name="postgres">a PostgreSQL server (<c>--store postgres</c>): the store is a new database on it, not a SQLite file.</param>
    public static async Task<BenchEngine> StartAsync(int contacts = 100, FlowRuns.Tests.Support.PostgresServer? postgres = null)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"flowruns-bench-{Guid.NewGuid():N}.db");
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
        var storage = new StorageOptions { Path = path };
        if (postgres is not null)
        {
            storage.Provider = StoreProvider.Postgres;
            storage.ConnectionString = await postgres.CreateDatabaseAsync(FlowRuns.Tests.Support.TestStore.DatabaseName(path));
        }
        collection.AddFlowRunsEngine(storage);
        var engine = new BenchEngine(path, collection.BuildServiceProvider()) { Postgres = postgres };
        foreach (var hosted in engine._hosted) await hosted.StartAsync(CancellationToken.None);
        await engine._services.GetRequiredService<FlowCatalog>().PublishAsync(FlowJson.Parse(SixStepFlow));
        var store = engine._services.GetRequiredService<ContactStore>();
        for (var i = 0; i < contacts; i++)
            await store.UpsertAsync($"b-{i}", $"Bench {i}", $"b{i}@example.com", null, new Dictionary<string, object?>
            {
                ["firstName"] = $"B{i}",
                ["balance"] = 5000m,
                ["customerSegment"] = i % 2 == 0 ? "premium" : "standard",
            });
        return engine;
    }

    /// <summary>Starts one run of the six-step flow and waits until it has ended and is committed.</summary>
    public async Task RunOnceAsync(int i)
    {
        var run = await Engine.StartAsync(new StartRunRequest(FlowKey, RunTrigger.Api) { ContactId = $"b-{i % 100}" });
        await run.Settled;
        if (run.Run.Status != RunStatus.Completed) throw new InvalidOperationException($"Run ended {run.Run.Status}: {run.Run.ErrorMessage}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted)) await hosted.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        FlowRuns.Engine.Persistence.SqliteFiles.Delete(Path);
        if (Postgres is not null) await Postgres.DropDatabaseAsync(FlowRuns.Tests.Support.TestStore.DatabaseName(Path));
    }
}
