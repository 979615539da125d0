using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Npgsql;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Nodes writing runs of one flow to one PostgreSQL store keep the same figure rows (one per flow and day, node, path and
/// hour) up to date. A node's open transaction must not hold those rows for the other node's writer: the figures are
/// kept at commit (deferred triggers), so the second writer neither waits for the first nor loses its count.
/// Runs on its own PostgreSQL database in every pass (SQLite has one writer at a time by design).
/// </summary>
public class NodesShareFiguresTests
{
    [Fact]
    public async Task AWriterWithAnOpenTransaction_DoesNotHoldUpAnotherWriterOfTheSameFlow_AndBothAreCounted()
    {
        var server = await PostgresServer.SharedAsync();
        var name = $"t_figures_{Guid.NewGuid():N}";
        var connection = await server.CreateDatabaseAsync(name);
        try
        {
            // Two runs of one flow, waiting: committed by the engine through its migrations and writer.
            await using (var engine = await TestEngine.StartAsync(storage: s =>
                         {
                             s.Provider = StoreProvider.Postgres;
                             s.ConnectionString = connection;
                             s.Migrate = true;
                         }))
            {
                await engine.PublishAsync(Json.Flow("shared",
                    [new { id = "wait", type = "wait", label = "Wait", @event = "go" }, new { id = "e", type = "end", label = "E" }],
                    [new { from = "start", to = "wait" }, new { from = "wait", when = "event", to = "e" }]));
                await engine.CreateContactAsync("c-1");
                Assert.Equal("Waiting", (await engine.RunAsync("shared", "c-1")).Status);
                Assert.Equal("Waiting", (await engine.RunAsync("shared", "c-1")).Status);
            }

            await using var first = new NpgsqlConnection(connection);
            await using var second = new NpgsqlConnection(connection);
            await first.OpenAsync();
            await second.OpenAsync();
            var keys = new List<long>();
            await using (var read = new NpgsqlCommand("""SELECT "Key" FROM "Runs" ORDER BY "Key" """, first))
            await using (var reader = await read.ExecuteReaderAsync())
                while (await reader.ReadAsync()) keys.Add(reader.GetInt64(0));
            Assert.Equal(2, keys.Count);

            // Node A ends its run and has not committed yet…
            await using var a = await first.BeginTransactionAsync();
            await EndAsync(first, a, keys[0]);

            // …node B ends the other run of the same flow on the same day and commits. With the figures kept at each
            // statement it would wait for A's commit on the flow's day row: the lock timeout turns that wait into a failure.
            await using (var b = await second.BeginTransactionAsync())
            {
                await using (var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '10s'", second, b)) await timeout.ExecuteNonQueryAsync();
                await EndAsync(second, b, keys[1]);
                await b.CommitAsync();
            }
            Assert.Equal((2L, 1L), await DayFiguresAsync(second));

            await a.CommitAsync();
            Assert.Equal((2L, 2L), await DayFiguresAsync(second));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        }
    }

    private static async Task EndAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long key)
    {
        await using var end = new NpgsqlCommand(
            $"""UPDATE "Runs" SET "EndedAt" = "StartedAt" + 10000, "Status" = {(int)RunStatus.Completed} WHERE "Key" = @key""", connection, transaction);
        end.Parameters.AddWithValue("key", key);
        Assert.Equal(1, await end.ExecuteNonQueryAsync());
    }

    /// <summary>The flow's figures for the day (one flow, one day here): started and completed.</summary>
    private static async Task<(long Started, long Completed)> DayFiguresAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand("""SELECT "Started", "Completed" FROM "FlowDayStats" """, connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The flow has no figures row.");
        var figures = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.False(await reader.ReadAsync(), "One flow on one day has one figures row.");
        return figures;
    }
}
