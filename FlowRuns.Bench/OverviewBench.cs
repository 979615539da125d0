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
        var path = await RunListBench.EnsureSeededAsync(runs, onlyFlow: Flow);

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
        var (p50, p95) = await Stats.LatencyAsync(trials, requests, _ => action());
        Console.WriteLine($"overview {name}: p50 {p50:F2} ms, p95 {p95:F2} ms ({trials} trials × {requests})");
    }
}
