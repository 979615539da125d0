using System.Diagnostics;
using FlowRuns.Engine;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Bench;

/// <summary>
/// retention: a copy of the 1,000,000-run store of <c>run-list</c> (30 days of runs) purged down to its last day
/// (<c>Days = 1</c>) while live runs of the six-step flow start at --rate per second (default 20). Reports runs removed
/// per second, and the p50/p99 time from a live start to its committed first write, without and during the purge.
/// Only the engine's start-up service (migrations, recovery) and the background log checkpointer run: the seeded store's waiting runs name nodes the bench
/// flow does not have, and the scheduler failing 600,000 of them would be what this measured. --batch sets the purge's
/// batch size and --pause the milliseconds between batches (defaults: the shipped <see cref="RetentionOptions"/>);
/// --purge-seconds stops the purge after that many seconds; --log-restart-pages sets StorageOptions.LogRestartPages.
/// </summary>
internal static class RetentionBench
{
    public static async Task RunAsync(string[] args)
    {
        var rate = BenchArgs.Int(args, "rate", 20);
        var source = await RunListBench.EnsureSeededAsync(1_000_000);
        var path = Path.Combine(Path.GetTempPath(), $"flowruns-retention-{Guid.NewGuid():N}.db");
        File.Copy(source, path);
        using (var copy = new FileStream(path, FileMode.Open, FileAccess.ReadWrite)) copy.Flush(flushToDisk: true); // 700 MB of dirty pages would stall the baseline's writes
        try
        {
            var collection = new ServiceCollection();
            collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
            collection.AddFlowRunsEngine(new StorageOptions { Path = path, LogRestartPages = BenchArgs.Int(args, "log-restart-pages", new StorageOptions().LogRestartPages) });
            var batch = BenchArgs.Int(args, "batch", new RetentionOptions().BatchSize);
            var pause = TimeSpan.FromMilliseconds(BenchArgs.Int(args, "pause", (int)new RetentionOptions().PauseBetweenBatches.TotalMilliseconds));
            collection.Configure<RetentionOptions>(o => { o.Days = 1; o.FirstPassAfter = TimeSpan.FromDays(365); o.BatchSize = batch; o.PauseBetweenBatches = pause; });
            await using var services = collection.BuildServiceProvider();
            var hosted = services.GetServices<IHostedService>().Where(s => s is EngineHostedService or WalCheckpointer).ToList();
            foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
            await services.GetRequiredService<FlowCatalog>().PublishAsync(FlowJson.Parse(BenchEngine.SixStepFlow));
            var contacts = services.GetRequiredService<ContactStore>();
            for (var i = 0; i < 100; i++)
                await contacts.UpsertAsync($"b-{i}", $"Bench {i}", $"b{i}@example.com", null, new Dictionary<string, object?> { ["firstName"] = $"B{i}", ["balance"] = 5000m, ["customerSegment"] = "premium" });
            var engine = services.GetRequiredService<FlowEngine>();

            async Task<List<double>> LiveStartsAsync(Func<bool> keepGoing)
            {
                var latencies = new List<double>();
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / rate));
                var pending = new List<Task>();
                var n = 0;
                while (keepGoing() && await timer.WaitForNextTickAsync())
                {
                    var watch = Stopwatch.StartNew();
                    var i = n++;
                    pending.Add(Task.Run(async () =>
                    {
                        var run = await engine.StartAsync(new StartRunRequest(BenchEngine.FlowKey, RunTrigger.Api) { ContactId = $"b-{i % 100}" });
                        await run.Committed;
                        lock (latencies) latencies.Add(watch.Elapsed.TotalMilliseconds);
                    }));
                }
                await Task.WhenAll(pending);
                return latencies;
            }

            var quiet = Stopwatch.StartNew();
            var baseline = await LiveStartsAsync(() => quiet.Elapsed < TimeSpan.FromSeconds(10));
            var purging = true;
            var live = Task.Run(() => LiveStartsAsync(() => Volatile.Read(ref purging)));
            var purgeWatch = Stopwatch.StartNew();
            // --purge-seconds N: measure the first N seconds of the purge only (it is stopped there; removed = runs gone by then).
            var purgeSeconds = BenchArgs.Int(args, "purge-seconds", 0);
            int removed;
            if (purgeSeconds == 0) removed = await services.GetRequiredService<RetentionPurge>().PurgeOnceAsync();
            else
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(purgeSeconds));
                var before = await CountRunsAsync(services);
                try { await services.GetRequiredService<RetentionPurge>().PurgeOnceAsync(stop.Token); }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                removed = before - await CountRunsAsync(services);
            }
            var seconds = purgeWatch.Elapsed.TotalSeconds;
            Volatile.Write(ref purging, false);
            var during = await live;
            Console.WriteLine($"retention (batches of {batch}, {pause.TotalMilliseconds:F0} ms apart): removed {removed:N0} runs in {seconds:F1} s = {removed / seconds:N0} runs/s (with their steps, events and deliveries)");
            Console.WriteLine($"retention: live start → committed at {rate}/s: without purge p50 {Stats.Percentile(baseline, 50):F1} ms, p99 {Stats.Percentile(baseline, 99):F1} ms ({baseline.Count} starts); " +
                              $"during purge p50 {Stats.Percentile(during, 50):F1} ms, p99 {Stats.Percentile(during, 99):F1} ms ({during.Count} starts)");
            foreach (var service in Enumerable.Reverse(hosted)) await service.StopAsync(CancellationToken.None);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(path);
        }
    }

    private static async Task<int> CountRunsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Runs);
    }
}
