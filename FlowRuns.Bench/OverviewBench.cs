using System.Diagnostics;
using FlowRuns.Engine;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// overview: a flow's Overview (stats cards, slowest steps, 30-day chart) for a flow with --runs runs (default
/// 1,000,000, all of one flow, kept in bench-data/): (1) the Overview query in process, (2) the server render of
/// <c>/flows/{key}</c> (its Overview tab is prerendered with the figures). The figures come from the precomputed
/// FlowDayStats/NodeStats rows (SQLite triggers); for comparison it also times the same totals counted straight from the
/// Runs table. --requests per trial (default 50), --trials (default 5); medians of the per-trial p50 and p95.
/// </summary>
internal static class OverviewBench
{
    private const string Flow = "loan-approval";

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 1_000_000);
        var requests = BenchArgs.Int(args, "requests", 50);
        var trials = BenchArgs.Int(args, "trials", 5);
        var path = await EnsureOneFlowAsync(runs);

        var services = new ServiceCollection().AddLogging().AddFlowRunsEngine(new StorageOptions { Path = path }).BuildServiceProvider();
        await using (services)
        {
            var stats = services.GetRequiredService<FlowStatsQueries>();
            var overview = (await stats.OverviewAsync(Flow))!;
            Console.WriteLine($"  {Flow}: {overview.TotalRuns:N0} runs, {overview.Completed:N0} completed, {overview.Failed:N0} failed, {overview.Days.Sum(d => d.Started):N0} in the last 30 days");
            await TimeAsync("overview query (precomputed)", trials, requests, async () => await stats.OverviewAsync(Flow));
            var contexts = services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
            await TimeAsync("same totals counted from Runs (for comparison)", trials, 3, async () =>
            {
                await using var db = await contexts.CreateDbContextAsync();
                var flowId = await db.Flows.Where(f => f.Key == Flow).Select(f => f.Id).SingleAsync();
                await db.Runs.Where(r => r.FlowId == flowId).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count(), Ms = g.Sum(r => r.EndedAt == null ? 0 : 1) }).ToListAsync();
            });
        }
        SqliteConnection.ClearAllPools();

        await using var app = await AppProcess.StartAsync(path, 5076, seedDemo: false, configuration: "Release");
        for (var i = 0; i < 10; i++) await app.Http.GetStringAsync($"/flows/{Flow}");
        await TimeAsync($"server render of /flows/{Flow} (Overview tab)", trials, requests, async () =>
        {
            var html = await app.Http.GetStringAsync($"/flows/{Flow}");
            if (!html.Contains("data-stat=\"total\"")) throw new InvalidOperationException("The Overview did not render its figures.");
        });
    }

    private static async Task TimeAsync(string name, int trials, int requests, Func<Task> action)
    {
        await action();
        var p50s = new List<double>();
        var p95s = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var samples = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                await action();
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
            p50s.Add(Stats.Percentile(samples, 50));
            p95s.Add(Stats.Percentile(samples, 95));
        }
        Console.WriteLine($"overview {name}: p50 {Stats.Median(p50s):F2} ms, p95 {Stats.Median(p95s):F2} ms ({trials} trials × {requests})");
    }

    /// <summary>A store whose runs all belong to one flow, seeded once into bench-data/.</summary>
    private static async Task<string> EnsureOneFlowAsync(int runs)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppProcess.RepositoryRoot(), "bench-data")).FullName;
        var path = Path.Combine(directory, $"runs-{runs}-{Flow}.db");
        var storage = new StorageOptions { Path = path };
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
                Console.WriteLine($"  seeding {runs - have:N0} runs of {Flow} into {path} (once; kept for later runs)");
                await BulkRunSeeder.SeedAsync(contexts, storage.ConnectionString, runs - have, DateTimeOffset.UtcNow, onlyFlow: Flow);
            }
        }
        SqliteConnection.ClearAllPools();
        return path;
    }
}
