using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// timers: --runs runs (default 10,000) whose delays fall due in the same second (a delay <c>until</c> one fixed time).
/// For each run: the time from its stored wake time to the start of its next step. Median and p99 per trial; --trials (default 5).
/// </summary>
internal static class TimersBench
{
    private const string DelayedFlow = """
        { "key": "bench-timer", "name": "Benchmark timer", "trigger": { "type": "api" },
          "nodes": [
            { "id": "start", "type": "trigger", "label": "Start" },
            { "id": "hold", "type": "delay", "label": "Hold", "until": "%{dueAt}" },
            { "id": "after", "type": "set", "label": "After", "assign": { "woke": "true" } },
            { "id": "done", "type": "end", "label": "Done" } ],
          "edges": [ { "from": "start", "to": "hold" }, { "from": "hold", "to": "after" }, { "from": "after", "to": "done" } ] }
        """;

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 10_000);
        var trials = BenchArgs.Int(args, "trials", 5);
        var p50s = new List<double>();
        var p99s = new List<double>();
        var next50s = new List<double>();
        var next99s = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var bench = await BenchEngine.StartAsync(contacts: 100);
            await bench.Services.GetRequiredService<FlowCatalog>().PublishAsync(FlowJson.Parse(DelayedFlow));
            var due = DateTimeOffset.UtcNow.AddSeconds(20);
            var dueText = due.ToString("O");
            var starts = new List<Task>();
            for (var i = 0; i < runs; i++)
                starts.Add((await bench.Engine.StartAsync(new StartRunRequest("bench-timer", RunTrigger.Api)
                {
                    ContactId = $"b-{i % 100}",
                    Data = new Dictionary<string, object?> { ["dueAt"] = dueText },
                })).Settled);
            await Task.WhenAll(starts);
            if (DateTimeOffset.UtcNow > due.AddSeconds(-2)) throw new InvalidOperationException("Starting the runs took too long; lower --runs.");

            var completed = 0;
            var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bench.Engine.WalkSettled += execution =>
            {
                if (execution.Run.Status == RunStatus.Completed && Interlocked.Increment(ref completed) == runs) allDone.TrySetResult();
            };
            await allDone.Task.WaitAsync(TimeSpan.FromMinutes(2));

            await using var db = await bench.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
            // Resumed: the engine ended the delay step and set the run going. Next step: the walk reached the node after it.
            var lateness = (await db.Steps.AsNoTracking().Where(s => s.NodeId == "hold").Select(s => s.EndedAt!.Value).ToListAsync())
                .Select(ended => (ended - due).TotalMilliseconds).ToList();
            var nextStep = (await db.Steps.AsNoTracking().Where(s => s.NodeId == "after").Select(s => s.StartedAt).ToListAsync())
                .Select(started => (started - due).TotalMilliseconds).ToList();
            if (lateness.Any(l => l < 0)) throw new InvalidOperationException("A run woke before its wake time.");
            p50s.Add(Stats.Percentile(lateness, 50));
            p99s.Add(Stats.Percentile(lateness, 99));
            next50s.Add(Stats.Percentile(nextStep, 50));
            next99s.Add(Stats.Percentile(nextStep, 99));
            Console.WriteLine($"  trial {trial + 1}: {lateness.Count} runs woke, none early; due → resumed p50 {p50s[^1]:F0} ms, p99 {p99s[^1]:F0} ms; due → next step started p50 {next50s[^1]:F0} ms, p99 {next99s[^1]:F0} ms");
        }
        Console.WriteLine($"timers: {runs} delays due in the same second: due → resumed median p50 {Stats.Median(p50s):F0} ms, median p99 {Stats.Median(p99s):F0} ms; due → next step started median p50 {Stats.Median(next50s):F0} ms, median p99 {Stats.Median(next99s):F0} ms ({trials} trials)");
    }
}
