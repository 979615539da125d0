using FlowRuns.Engine;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>
/// A store created by the previous release's migrations (up to RunStats), with runs written the way that release wrote
/// them — a wait target as one string, "subflow:&lt;child id&gt;" for a parent — upgrades with its runs intact: they keep
/// waiting, with typed targets, and resume correctly.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)] // SQLite's own machinery
public class MigrationUpgradeTests : IAsyncLifetime
{
    private const string PreviousRelease = "20261123121308_RunStats";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"flowruns-upgrade-{Guid.NewGuid():N}.db");
    private TestEngine? _engine;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
        SqliteFiles.Delete(_path);
    }

    [Fact]
    public async Task WaitingRunsOfThePreviousRelease_KeepWaiting_AndResumeAfterTheUpgrade()
    {
        var waiting = Guid.CreateVersion7();
        var parent = Guid.CreateVersion7();
        var child = Guid.CreateVersion7();
        await CreatePreviousReleaseStoreAsync(waiting, parent, child);

        _engine = await TestEngine.StartAsync(path: _path); // migrates to the current schema
        var card = await _engine.GetAsync(waiting);
        Assert.Equal(("Waiting", "card.completed", (string?)null), (card.Status, card.WaitingFor, card.WaitingForChildRunId));
        var waitingParent = await _engine.GetAsync(parent);
        Assert.Equal(("Waiting", (string?)null, child.ToString("N")), (waitingParent.Status, waitingParent.WaitingFor, waitingParent.WaitingForChildRunId));
        Assert.Equal(["start", "card", "wait"], card.Steps.Select(s => s.NodeId));

        var completed = await _engine.Events.PostAsync(new ContactEvent("c-1", "card.completed", new Dictionary<string, object?>()));
        Assert.Equal([waiting.ToString("N")], completed.Resumed);
        var done = await _engine.WaitForStatusAsync(waiting.ToString("N"), "Completed");
        Assert.Equal(("event", "e"), (done.Steps.Single(s => s.NodeId == "wait").Port, done.Steps.Last().NodeId));

        var uploaded = await _engine.Events.PostAsync(new ContactEvent("c-1", "docs.uploaded", new Dictionary<string, object?>()));
        Assert.Equal([child.ToString("N")], uploaded.Resumed);
        var parentDone = await _engine.WaitForStatusAsync(parent.ToString("N"), "Completed");
        Assert.Equal(("Completed", "default"), (parentDone.Steps.Single(s => s.NodeId == "sub").Status, parentDone.Steps.Single(s => s.NodeId == "sub").Port));

        // New runs get store-assigned keys after the old ones.
        var fresh = await _engine.RunAsync("waits", "c-1");
        await using var db = await _engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var freshId = Guid.Parse(fresh.Id);
        Assert.Equal(4, await db.Runs.Where(r => r.Id == freshId).Select(r => r.Key).SingleAsync());
    }

    /// <summary>The previous release's schema, its flows and contact, and three waiting runs as its writer stored them.</summary>
    private async Task CreatePreviousReleaseStoreAsync(Guid waiting, Guid parent, Guid child)
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFlowRunsEngine(new StorageOptions { Path = _path });
        await using var provider = services.BuildServiceProvider();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync())
            await db.GetService<IMigrator>().MigrateAsync(PreviousRelease);
        // Flows and versions as that release stored them (versions have had a note since): written here, column by column.
        var compiler = provider.GetRequiredService<FlowRuns.Engine.Definitions.FlowCompiler>();
        var at = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero).UtcTicks;
        await using (var flows = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await flows.OpenAsync();
            void Publish(System.Text.Json.Nodes.JsonObject document)
            {
                var definition = FlowRuns.Engine.Definitions.FlowJson.Parse(document);
                using var command = flows.CreateCommand();
                command.CommandText = """
                    INSERT INTO Flows (Key, Name, TriggerType, TriggerEvent, NextScheduledAt, Status, CurrentVersion, CreatedAt, UpdatedAt)
                    VALUES ($key, $key, 'api', NULL, NULL, 0, 1, $at, $at);
                    INSERT INTO FlowVersions (FlowId, Number, Name, Definition, Fingerprint, PublishedAt)
                    VALUES (last_insert_rowid(), 1, NULL, $definition, $fingerprint, $at);
                    """;
                command.Parameters.AddWithValue("$key", definition.Key);
                command.Parameters.AddWithValue("$at", at);
                command.Parameters.AddWithValue("$definition", FlowRuns.Engine.Definitions.FlowJson.Serialize(definition));
                command.Parameters.AddWithValue("$fingerprint", compiler.Compile(definition, _ => true).Fingerprint);
                command.ExecuteNonQuery();
            }
            Publish(Json.Flow("waits",
                [new { id = "card", type = "send", label = "Card", channel = "card", body = "Hi" }, new { id = "wait", type = "wait", label = "Wait", @event = "card.completed" }, new { id = "e", type = "end", label = "E" }],
                [new { from = "start", to = "card" }, new { from = "card", to = "wait" }, new { from = "wait", to = "e", when = "event" }]));
            Publish(Json.Flow("child",
                [new { id = "wait", type = "wait", label = "Wait", @event = "docs.uploaded" }, new { id = "e", type = "end", label = "E" }],
                [new { from = "start", to = "wait" }, new { from = "wait", to = "e", when = "event" }]));
            Publish(Json.Flow("parent",
                [new { id = "sub", type = "subflow", label = "Verify", flow = "child" }, new { id = "e", type = "end", label = "E" }],
                [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }]));
        }
        await provider.GetRequiredService<ContactStore>().UpsertAsync("c-1", "Ana", "ana@example.com", null, new Dictionary<string, object?>());

        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        long Flow(string key)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id FROM Flows WHERE Key = $key";
            command.Parameters.AddWithValue("$key", key);
            return (long)command.ExecuteScalar()!;
        }
        void Run(long key, Guid id, string flow, int trigger, int steps, string waitingFor, Guid? parentRun)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO Runs (Key, Id, FlowId, Version, ContactId, Trigger, Status, IsTest, StartedAt, CurrentNodeId, Sequence, StepCount, ParentRunId, WaitingFor, Variables)
                VALUES ($key, $id, $flow, 1, 'c-1', $trigger, 2, 0, $at, NULL, $steps, $steps, $parent, $waitingFor, '{}')
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$id", id.ToByteArray());
            command.Parameters.AddWithValue("$flow", Flow(flow));
            command.Parameters.AddWithValue("$trigger", trigger);
            command.Parameters.AddWithValue("$at", at);
            command.Parameters.AddWithValue("$steps", steps);
            command.Parameters.AddWithValue("$parent", parentRun is { } p ? p.ToByteArray() : DBNull.Value);
            command.Parameters.AddWithValue("$waitingFor", waitingFor);
            command.ExecuteNonQuery();
        }
        void Step(long run, int sequence, string node, int status, string? port, string? output = null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO Steps (RunKey, Sequence, NodeId, Attempt, Status, StartedAt, EndedAt, Port, Output)
                VALUES ($run, $sequence, $node, 1, $status, $at, CASE WHEN $status = 2 THEN NULL ELSE $at END, $port, $output)
                """;
            command.Parameters.AddWithValue("$run", run);
            command.Parameters.AddWithValue("$sequence", sequence);
            command.Parameters.AddWithValue("$node", node);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$at", at);
            command.Parameters.AddWithValue("$port", (object?)port ?? DBNull.Value);
            command.Parameters.AddWithValue("$output", (object?)output ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
        const int Completed = 3, Waiting = 2; // StepStatus: Pending, Running, Waiting, Completed…
        Run(1, waiting, "waits", trigger: 1, steps: 3, "card.completed", null);
        Step(1, 1, "start", Completed, "default");
        Step(1, 2, "card", Completed, "default");
        Step(1, 3, "wait", Waiting, null);
        Run(2, parent, "parent", trigger: 1, steps: 2, "subflow:" + child.ToString("N"), null);
        Step(2, 1, "start", Completed, "default");
        Step(2, 2, "sub", Waiting, null, $$"""{"childRunId":"{{child:N}}"}""");
        Run(3, child, "child", trigger: 5, steps: 2, "docs.uploaded", parent);
        Step(3, 1, "start", Completed, "default");
        Step(3, 2, "wait", Waiting, null);
    }
}
