using System.Diagnostics;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Bench;

/// <summary>
/// fanout: --runs runs (default 10,000) wait on card.completed; one audience event matches all of them. Measures the time
/// from posting the event until every run has completed, and the resumed runs/s. --trials (default 5).
/// </summary>
internal static class FanoutBench
{
    public const string WaitingFlow = """
        { "key": "bench-wait", "name": "Benchmark wait", "trigger": { "type": "api" },
          "nodes": [
            { "id": "start", "type": "trigger", "label": "Start" },
            { "id": "card", "type": "send", "label": "Claim card", "channel": "card", "body": "Claim your credit, %{firstName}" },
            { "id": "wait", "type": "wait", "label": "Wait for claim", "event": "card.completed", "timeout": "P1D" },
            { "id": "thanks", "type": "set", "label": "Thanks", "assign": { "claimed": "true" } },
            { "id": "done", "type": "end", "label": "Done" } ],
          "edges": [
            { "from": "start", "to": "card" }, { "from": "card", "to": "wait" },
            { "from": "wait", "to": "thanks", "when": "event" }, { "from": "thanks", "to": "done" } ] }
        """;

    public static async Task RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "runs", 10_000);
        var trials = BenchArgs.Int(args, "trials", 5);
        var seconds = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var bench = await BenchEngine.StartAsync(contacts: 0);
            await bench.Services.GetRequiredService<FlowCatalog>().PublishAsync(FlowJson.Parse(WaitingFlow));
            var contacts = bench.Services.GetRequiredService<ContactStore>();
            const int contactCount = 2000;
            for (var i = 0; i < contactCount; i++)
                await contacts.UpsertAsync($"w-{i}", $"W{i}", null, null, new Dictionary<string, object?> { ["firstName"] = $"W{i}", ["area"] = "north" });
            var starts = new List<Task>();
            for (var i = 0; i < runs; i++)
                starts.Add((await bench.Engine.StartAsync(new StartRunRequest("bench-wait", RunTrigger.Api) { ContactId = $"w-{i % contactCount}" })).Settled);
            await Task.WhenAll(starts);

            var completed = 0;
            var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bench.Engine.WalkSettled += execution =>
            {
                if (execution.Run.Status == RunStatus.Completed && Interlocked.Increment(ref completed) == runs) allDone.TrySetResult();
            };
            var watch = Stopwatch.StartNew();
            var outcome = await bench.Services.GetRequiredService<EventRouter>()
                .PostToAudienceAsync("card.completed", new Dictionary<string, object?>(), AudienceResolver.Parse("%{area} == \"north\""));
            var answered = watch.Elapsed.TotalSeconds;
            await allDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
            seconds.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  trial {trial + 1}: {outcome.Resumed.Count} resumed; API answered after {answered:F2} s; all {runs} completed after {seconds[^1]:F2} s ({runs / seconds[^1]:F0} runs/s)");
        }
        var median = Stats.Median(seconds);
        Console.WriteLine($"fanout: {runs} waiting runs, one audience event: all completed in median {median:F2} s = {runs / median:F0} resumed runs/s (min {seconds.Min():F2} s, max {seconds.Max():F2} s, {trials} trials)");
    }
}
