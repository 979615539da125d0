using FlowRuns.Tests.Support;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowRuns.Engine;
using FlowRuns.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// run-list: with --runs runs stored (default 1,000,000), latency of GET /api/runs (first page), a filtered page
/// (status + flow + 7-day range) and GET /api/runs/{id}, measured over HTTP against the real app process:
/// --requests per query per trial (default 200), --trials (default 5); medians of the per-trial p50 and p95.
/// The seeded file is kept in bench-data/ (git-ignored) and reused when it already has the runs.
/// <c>--store postgres</c>: the same runs, bulk-copied into a database on a throwaway local PostgreSQL server (durable
/// defaults), seeded afresh each time (a few minutes for a million), and the app run against it.
/// </summary>
internal static class RunListBench
{
    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 1_000_000);
        var requests = BenchArgs.Int(args, "requests", 200);
        var trials = BenchArgs.Int(args, "trials", 5);
        await using var postgres = BenchArgs.Text(args, "store") == "postgres" ? await PostgresServer.StartAsync(durable: true) : null;
        string path;
        string[] settings = [];
        if (postgres is null)
        {
            path = await EnsureSeededAsync(runs);
            Console.WriteLine($"  store: SQLite, {new FileInfo(path).Length / 1048576.0:F0} MiB, {runs:N0} runs");
        }
        else
        {
            path = Path.Combine(Path.GetTempPath(), $"flowruns-unused-{Guid.NewGuid():N}.db"); // the app's SQLite path, not used
            var storage = new StorageOptions { Provider = StoreProvider.Postgres, ConnectionString = await postgres.CreateDatabaseAsync("bench_runs") };
            await SeedAsync(storage, runs);
            await using (var connection = new Npgsql.NpgsqlConnection(storage.ConnectionString))
            {
                await connection.OpenAsync();
                await using var size = new Npgsql.NpgsqlCommand("SELECT pg_database_size(current_database()) / 1048576.0", connection);
                Console.WriteLine($"  store: PostgreSQL {connection.PostgreSqlVersion}, {Convert.ToDouble(await size.ExecuteScalarAsync()):F0} MiB, {runs:N0} runs");
            }
            settings = ["--FlowRuns:Database:Provider=Postgres", $"--FlowRuns:Database:ConnectionString={storage.ConnectionString}"];
        }

        await using var app = await AppProcess.StartAsync(path, 5071, seedDemo: false, settings: settings, configuration: "Release");
        var ids = await SampleIdsAsync(app, 500);
        var to = DateTimeOffset.UtcNow;
        var queries = new (string Name, Func<int, string> Url)[]
        {
            ("first page", _ => "/api/runs?limit=50"),
            ("filtered page (status+flow+7d)", _ => $"/api/runs?status=Failed&flow=loan-approval&from={Iso(to.AddDays(-7))}&to={Iso(to)}&limit=50"),
            ("run by id", i => $"/api/runs/{ids[i % ids.Count]}"),
        };
        foreach (var (name, url) in queries)
        {
            for (var i = 0; i < 50; i++) (await app.Http.GetAsync(url(i))).EnsureSuccessStatusCode();
            var p50s = new List<double>();
            var p95s = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                var samples = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await app.Http.GetAsync(url(i + trial * requests));
                    await response.Content.ReadAsByteArrayAsync();
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    response.EnsureSuccessStatusCode();
                }
                p50s.Add(Stats.Percentile(samples, 50));
                p95s.Add(Stats.Percentile(samples, 95));
            }
            Console.WriteLine($"run-list {name}: p50 {Stats.Median(p50s):F2} ms, p95 {Stats.Median(p95s):F2} ms (medians of {trials} trials × {requests} requests)");
        }
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static async Task<List<string>> SampleIdsAsync(AppProcess app, int count)
    {
        var ids = new List<string>();
        string? cursor = null;
        var random = new Random(7);
        while (ids.Count < count)
        {
            var page = JsonNode.Parse(await app.Http.GetStringAsync($"/api/runs?limit=500&from={Iso(DateTimeOffset.UtcNow.AddDays(-random.Next(1, 30)))}" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            ids.AddRange(page["items"]!.AsArray().Take(50).Select(i => i!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        return ids;
    }

    /// <summary>A store with <paramref name="runs"/> runs of every demo flow (or only of <paramref name="onlyFlow"/>), seeded once into bench-data/.</summary>
    public static async Task<string> EnsureSeededAsync(int runs, string? onlyFlow = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppProcess.RepositoryRoot(), "bench-data")).FullName;
        var path = Path.Combine(directory, onlyFlow is null ? $"runs-{runs}.db" : $"runs-{runs}-{onlyFlow}.db");
        await SeedAsync(new StorageOptions { Path = path }, runs, onlyFlow);
        SqliteConnection.ClearAllPools();
        return path;
    }

    /// <summary>Migrates the store, publishes the demo flows and adds runs until it holds <paramref name="runs"/>.</summary>
    private static async Task SeedAsync(StorageOptions storage, int runs, string? onlyFlow = null)
    {
        var services = new ServiceCollection().AddLogging().AddFlowRunsEngine(storage).BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<FlowRunsDatabase>().MigrateAsync();
            var contexts = services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
            await using var db = await contexts.CreateDbContextAsync();
            if (!await db.Flows.AnyAsync())
                foreach (var flow in Web.Demo.DemoFlows.Load().OrderBy(f => f.Key == "loan-approval" ? 1 : 0))
                    await services.GetRequiredService<Engine.Execution.FlowCatalog>().PublishAsync(flow);
            var have = await db.Runs.CountAsync();
            if (have < runs)
            {
                Console.WriteLine(storage.Provider == StoreProvider.Sqlite
                    ? $"  seeding {runs - have:N0} runs into {storage.Path} (once; kept for later runs)"
                    : $"  seeding {runs - have:N0} runs into PostgreSQL");
                await BulkRunSeeder.SeedAsync(contexts, storage, runs - have, DateTimeOffset.UtcNow, onlyFlow);
            }
        }
    }
}
