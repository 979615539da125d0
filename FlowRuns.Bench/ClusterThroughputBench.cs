using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FlowRuns.Tests.Support;

namespace FlowRuns.Bench;

/// <summary>
/// cluster-throughput: runs/s through the HTTP API with 1 node, then 2 nodes, on one PostgreSQL database (a throwaway
/// local server with its durable defaults) and one Redis (the backplane and change feed). --clients (default 16) keep
/// starting runs of the six-step flow for --seconds (default 15), spread evenly over the nodes; every accepted run is
/// waited for to end. Reports accepted runs/s, ended runs/s, and the app processes' CPU time per run (what would scale
/// with more machines — on one 2-core machine the nodes and PostgreSQL share the same cores, which bounds the ratio).
/// --trials (default 3) alternates 1 and 2 nodes.
/// </summary>
internal static class ClusterThroughputBench
{
    public static async Task RunAsync(string[] args)
    {
        var clients = BenchArgs.Int(args, "clients", 16);
        var seconds = BenchArgs.Int(args, "seconds", 15);
        var trials = BenchArgs.Int(args, "trials", 3);
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var redis = await RedisServer.StartAsync();
        var results = new Dictionary<int, List<(double Accepted, double Ended, double CpuMs)>> { [1] = [], [2] = [] };
        for (var trial = 0; trial < trials; trial++)
            foreach (var nodes in new[] { 1, 2 })
            {
                var result = await TrialAsync(postgres, redis, nodes, clients, seconds);
                results[nodes].Add(result);
                Console.WriteLine($"  trial {trial + 1}: {nodes} node(s): {result.Accepted:F0} runs/s accepted, {result.Ended:F0} runs/s ended, app CPU {result.CpuMs:F2} ms per run");
            }
        foreach (var (nodes, list) in results)
            Console.WriteLine($"cluster-throughput nodes={nodes}: median {Stats.Median(list.Select(r => r.Accepted).ToList()):F0} runs/s accepted, " +
                              $"{Stats.Median(list.Select(r => r.Ended).ToList()):F0} runs/s ended, app CPU {Stats.Median(list.Select(r => r.CpuMs).ToList()):F2} ms per run ({trials} trials, {clients} clients, {seconds} s)");
        var ratio = Stats.Median(results[2].Select(r => r.Ended).ToList()) / Stats.Median(results[1].Select(r => r.Ended).ToList());
        Console.WriteLine($"cluster-throughput: 2 nodes / 1 node = {ratio:F2} (ended runs/s, medians)");
    }

    private static async Task<(double Accepted, double Ended, double CpuMs)> TrialAsync(PostgresServer postgres, RedisServer redis, int nodeCount, int clients, int seconds)
    {
        var database = $"bench_cluster_{Guid.NewGuid():N}";
        var connection = await postgres.CreateEmptyDatabaseAsync(database);
        string[] settings = [.. BenchArgs.Unthrottled, "--FlowRuns:Database:Provider=Postgres", $"--FlowRuns:Database:ConnectionString={connection}",
            $"--FlowRuns:Redis={redis.ConnectionString}", "--Logging:LogLevel:Default=Warning"];
        var (exitCode, output) = await AppProcess.RunCommandAsync("migrate", settings, "Release");
        if (exitCode != 0) throw new InvalidOperationException(output);
        var nodes = new List<AppProcess>();
        try
        {
            for (var i = 0; i < nodeCount; i++) nodes.Add(await AppProcess.StartAsync("unused.db", AppProcess.FreePort(), seedDemo: false, settings, "Release"));
            (await nodes[0].Http.PostAsync("/api/flows", new StringContent(BenchEngine.SixStepFlow, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            for (var i = 0; i < 100; i++)
                (await nodes[0].Http.PutAsJsonAsync($"/api/contacts/b-{i}", new { name = $"B{i}", attributes = new { firstName = $"B{i}", balance = 5000, customerSegment = "premium" } })).EnsureSuccessStatusCode();
            // Warm-up: a few runs through every node.
            foreach (var node in nodes)
                for (var i = 0; i < 50; i++)
                    (await node.Http.PostAsJsonAsync($"/api/flows/{BenchEngine.FlowKey}/runs", new { contactId = $"b-{i}" })).EnsureSuccessStatusCode();

            var cpuBefore = nodes.Sum(n => n.CpuSeconds());
            var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
            var watch = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var node = nodes[c % nodes.Count];
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    using var response = await node.Http.PostAsJsonAsync($"/api/flows/{BenchEngine.FlowKey}/runs", new { contactId = $"b-{(c * 7 + n++) % 100}" });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                        accepted.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>());
                }
            })));
            var acceptedRate = accepted.Count / watch.Elapsed.TotalSeconds;
            // Every accepted run ended: counted in the store (the flow's runs minus the warm-up's, none still walking).
            await using var check = new Npgsql.NpgsqlConnection(connection);
            await check.OpenAsync();
            while (true)
            {
                await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"Runs\" WHERE \"EndedAt\" IS NULL", check);
                if ((long)(await command.ExecuteScalarAsync())! == 0) break;
                await Task.Delay(100);
            }
            var endedRate = accepted.Count / watch.Elapsed.TotalSeconds;
            var cpuMs = (nodes.Sum(n => n.CpuSeconds()) - cpuBefore) * 1000 / accepted.Count;
            // How often the nodes' transactions collided: deadlocks PostgreSQL broke (their batches applied again) and rollbacks.
            await using (var stats = new Npgsql.NpgsqlCommand("SELECT deadlocks, xact_rollback, xact_commit FROM pg_stat_database WHERE datname = current_database()", check))
            await using (var reader = await stats.ExecuteReaderAsync())
                if (await reader.ReadAsync())
                    Console.WriteLine($"    {nodeCount} node(s): {reader.GetInt64(2)} commits, {reader.GetInt64(1)} rollbacks, {reader.GetInt64(0)} deadlocks");
            return (acceptedRate, endedRate, cpuMs);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            await postgres.DropDatabaseAsync(database);
        }
    }
}
