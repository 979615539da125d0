using FlowRuns.Engine;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// paths: a version's runs grouped by path, for a flow with --runs runs of one version (default 1,000,000, the store the
/// overview bench uses, kept in bench-data/; its paths back-filled by the RunPaths migration's SQL when seeded):
/// (1) the grouping and node/edge counts in process, (2) <c>GET /api/flows/{key}/paths</c>, (3) the server render of the
/// Paths tab (groups listed, the graph painted with the counts). --requests per trial (default 30), --trials (default 5);
/// medians of the per-trial p50 and p95.
/// </summary>
internal static class PathsBench
{
    private const string Flow = "loan-approval";

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 1_000_000);
        var requests = BenchArgs.Int(args, "requests", 30);
        var trials = BenchArgs.Int(args, "trials", 5);
        var path = await RunListBench.EnsureSeededAsync(runs, onlyFlow: Flow);
        await BackfillAsync(path);

        var services = new ServiceCollection().AddLogging().AddFlowRunsEngine(new StorageOptions { Path = path }).BuildServiceProvider();
        await using (services)
        {
            var queries = services.GetRequiredService<PathQueries>();
            var paths = (await queries.ForVersionAsync(Flow, 1, null, null))!;
            Console.WriteLine($"  {Flow} v1: {paths.Runs:N0} ended runs on {paths.PathCount} paths; top path {paths.Groups[0].Count:N0} runs ({paths.Groups[0].Share:P1})");
            await TimeAsync("grouping + node/edge counts, in process", trials, requests, async () => await queries.ForVersionAsync(Flow, 1, null, null));
            await TimeAsync("the same over the last 7 days", trials, requests, async () => await queries.ForVersionAsync(Flow, 1, DateTimeOffset.UtcNow.AddDays(-7), null));
        }
        SqliteConnection.ClearAllPools();

        await using var app = await AppProcess.StartAsync(path, 5077, seedDemo: false, configuration: "Release");
        await TimeAsync($"GET /api/flows/{Flow}/paths", trials, requests, async () =>
        {
            using var response = await app.Http.GetAsync($"/api/flows/{Flow}/paths");
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        });
        await TimeAsync($"server render of /flows/{Flow}?tab=paths (groups + graph painted with counts)", trials, requests, async () =>
        {
            var html = await app.Http.GetStringAsync($"/flows/{Flow}?tab=paths");
            if (!html.Contains("data-field=\"path-groups\"") || !html.Contains("node-reached")) throw new InvalidOperationException("The Paths tab did not render its groups and counts.");
        });
    }

    /// <summary>Gives the seeded runs their paths with the RunPaths migration's SQL (what an upgrade does), once; prints how long it took.</summary>
    private static async Task BackfillAsync(string path)
    {
        await using var connection = new SqliteConnection(new StorageOptions { Path = path }.StoreConnectionString);
        await connection.OpenAsync();
        await using var missing = connection.CreateCommand();
        missing.CommandText = "SELECT count(*) FROM \"Runs\" WHERE \"PathId\" IS NULL AND \"EndedAt\" IS NOT NULL AND \"IsTest\" = 0";
        var count = (long)(await missing.ExecuteScalarAsync())!;
        if (count == 0) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var backfill = connection.CreateCommand();
        backfill.CommandText = PathBackfill.Sql + "; ANALYZE;";
        backfill.CommandTimeout = 0;
        await backfill.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        Console.WriteLine($"  back-filled the paths of {count:N0} ended runs in {watch.Elapsed.TotalSeconds:F1} s (the RunPaths migration's SQL, one transaction)");
    }

    private static async Task TimeAsync(string name, int trials, int requests, Func<Task> action)
    {
        for (var i = 0; i < 3; i++) await action();
        var (p50, p95) = await Stats.LatencyAsync(trials, requests, _ => action());
        Console.WriteLine($"paths {name}: p50 {p50:F1} ms, p95 {p95:F1} ms ({trials} trials × {requests})");
    }
}
