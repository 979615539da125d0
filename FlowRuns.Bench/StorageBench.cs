using FlowRuns.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// storage: bytes on disk per stored run of the six-step flow — the run row, six steps with their resolutions and outputs,
/// one delivery, one event, and every index. Measured as the growth of the checkpointed file over --runs runs (default 20000),
/// --trials times (default 5).
/// </summary>
internal static class StorageBench
{
    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 20_000);
        var trials = BenchArgs.Int(args, "trials", 5);
        var perRun = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var bench = await BenchEngine.StartAsync();
            await bench.RunOnceAsync(0);
            var before = FileSize(bench);
            await EngineThroughputBench.MeasureAsync(bench, runs, starters: 8);
            var after = FileSize(bench);
            perRun.Add((after - before) / (double)runs);
            Console.WriteLine($"  trial {trial + 1}: {runs} runs grew the file by {(after - before) / 1048576.0:F1} MiB = {perRun[^1]:F0} bytes/run");
            if (trial == trials - 1) PrintTables(bench, runs);
        }
        Console.WriteLine($"storage: median {Stats.Median(perRun):F0} bytes per stored run (min {perRun.Min():F0}, max {perRun.Max():F0}, {trials} trials)");
    }

    private static long FileSize(BenchEngine bench)
    {
        using var connection = new SqliteConnection(bench.Services.GetRequiredService<StorageOptions>().StoreConnectionString);
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
        return new FileInfo(bench.Path).Length;
    }

    private static void PrintTables(BenchEngine bench, int runs)
    {
        using var connection = new SqliteConnection(bench.Services.GetRequiredService<StorageOptions>().StoreConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC";
        try
        {
            using var reader = command.ExecuteReader();
            Console.WriteLine("  where the bytes are (all runs of the last trial, per run):");
            while (reader.Read()) Console.WriteLine($"    {reader.GetString(0),-45} {reader.GetInt64(1) / (double)(runs + 201),7:F0} bytes");
        }
        catch (SqliteException)
        {
            Console.WriteLine("  (this SQLite build has no dbstat table: no per-table breakdown)");
        }
    }
}
