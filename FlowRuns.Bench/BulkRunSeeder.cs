using System.Diagnostics;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Bench;

/// <summary>
/// Fills a store with many historical runs of the demo flows, fast: runs spread over the last 30 days, 1,000 contacts,
/// mostly completed with some failed, waiting and cancelled, each with up to six steps. On SQLite they are written
/// through the same prepared statements the run writer uses, in large transactions; on PostgreSQL with binary
/// <c>COPY</c> (<see cref="PostgresBulkCopy"/>) — the same rows either way, so the two stores can be compared.
/// </summary>
internal static class BulkRunSeeder
{
    private static readonly string[] NodeIds = ["start", "eligible", "segment", "remember", "card", "done"];
    private const int PerTransaction = 20_000;

    public static async Task SeedAsync(IDbContextFactory<FlowRunsDbContext> contexts, StorageOptions storage, int runs, DateTimeOffset now, string? onlyFlow = null)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var flows = await db.Flows.Where(f => onlyFlow == null || f.Key == onlyFlow).Select(f => new ValueTuple<int, int>(f.Id, f.CurrentVersion)).ToListAsync();
        var start = (await db.Runs.MaxAsync(r => (long?)r.Key) ?? 0) + 1;
        var generated = Generate(flows, start, runs, now);
        // PostgreSQL: small transactions — the figure triggers update the same few rows (a flow's day, a node) for every
        // run and step, and one transaction's thousands of updates of one row made each next update slower.
        if (storage.Provider == StoreProvider.Postgres) await PostgresBulkCopy.SeedRunsAsync(db.Model, storage.StoreConnectionString, generated, perTransaction: 1_000);
        else SeedSqlite(db, storage.StoreConnectionString, generated);
    }

    /// <summary>The runs, each with its steps, from fixed random seeds (the same store every time).</summary>
    private static IEnumerable<(RunRecord Run, StepRecord[] Steps)> Generate(List<(int Id, int CurrentVersion)> flows, long start, int runs, DateTimeOffset now)
    {
        var random = new Random(42);
        var branches = new Random(7); // a stream of its own: the runs' other columns stay what earlier stores had
        for (var i = 0; i < runs; i++)
        {
            var flow = flows[random.Next(flows.Count)];
            var started = now - TimeSpan.FromSeconds(random.NextDouble() * 30 * 86400);
            var roll = random.Next(100);
            var status = roll < 80 ? RunStatus.Completed : roll < 90 ? RunStatus.Failed : roll < 96 ? RunStatus.Waiting : RunStatus.Cancelled;
            var key = start + i;
            var steps = status == RunStatus.Completed ? 6 : 1 + random.Next(5);
            // Branches as customers take them: most eligible, most of those premium; ten or so paths in all.
            var (eligible, segment) = (branches.Next(10) < 8 ? "true" : "false", branches.Next(10) switch { < 6 => "premium", < 9 => "standard", _ => "default" });
            var run = new RunRecord
            {
                Key = key,
                Id = Guid.CreateVersion7(started),
                FlowId = flow.Id,
                Version = flow.CurrentVersion,
                ContactId = $"c-{random.Next(1, 1001)}",
                Trigger = RunTrigger.Event,
                Status = status,
                StartedAt = started,
                EndedAt = status is RunStatus.Waiting ? null : started.AddMilliseconds(random.Next(5, 5000)),
                CurrentNodeId = NodeIds[steps - 1],
                Sequence = steps + 2,
                StepCount = steps,
                ErrorCode = status == RunStatus.Failed ? "MISSING_DATA" : null,
                ErrorMessage = status == RunStatus.Failed ? "Contact has no phone number, so the sms could not be sent." : null,
                WaitEvent = status == RunStatus.Waiting ? "card.completed" : null,
                // Still waiting when the benchmark runs: a wake time in the past had the app's scheduler resuming (and,
                // the seeded steps being no real walk, failing) tens of thousands of runs while the lists were timed.
                WakeAt = status == RunStatus.Waiting ? now.AddDays(3) : null,
            };
            var records = new StepRecord[steps];
            for (var s = 1; s <= steps; s++)
                records[s - 1] = new StepRecord
                {
                    RunKey = key,
                    Sequence = s,
                    NodeId = NodeIds[s - 1],
                    Status = s == steps && status == RunStatus.Failed ? StepStatus.Failed : StepStatus.Completed,
                    StartedAt = started.AddMilliseconds(s),
                    EndedAt = started.AddMilliseconds(s + 1),
                    Port = s == steps && status != RunStatus.Completed ? null : s == 2 ? eligible : s == 3 ? segment : "default",
                    Resolutions = s is 2 or 3 ? "[{\"r\":\"customerSegment\",\"v\":\"premium\"}]" : null,
                };
            yield return (run, records);
        }
    }

    private static void SeedSqlite(FlowRunsDbContext db, string connectionString, IEnumerable<(RunRecord Run, StepRecord[] Steps)> generated)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand()) { pragma.CommandText = "PRAGMA synchronous=OFF;"; pragma.ExecuteNonQuery(); }
        var dialect = new SqliteStoreDialect(new StorageOptions());
        // The run's key is left to SQLite (its rowid), which gives the same numbers as the generator: one after the last.
        using var runInsert = new EntityUpsertCommand<RunRecord>(db.Model, connection, dialect, insertOnly: true);
        using var stepInsert = new EntityUpsertCommand<StepRecord>(db.Model, connection, dialect, insertOnly: true);
        var watch = Stopwatch.StartNew();
        var written = 0;
        foreach (var chunk in generated.Chunk(PerTransaction))
        {
            using var transaction = connection.BeginTransaction();
            foreach (var (run, steps) in chunk)
            {
                runInsert.Execute(run, transaction);
                foreach (var step in steps) stepInsert.Execute(step, transaction);
            }
            transaction.Commit();
            written += chunk.Length;
            Console.Write($"\r  seeded {written:N0} runs in {watch.Elapsed.TotalSeconds:F0} s");
        }
        Console.WriteLine();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        analyze.ExecuteNonQuery();
    }
}
