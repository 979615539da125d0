using FlowRuns.Tests.Support;
using System.Net.Http.Json;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Bench;

/// <summary>
/// memory: resident memory (RSS) of the app process idle after start (demo seeded, live traffic off), and its peak
/// while 8 concurrent HTTP clients start runs of the six-step flow for --seconds (default 15), after --warmup seconds
/// (default 10) of the same load that are not counted; and the app's CPU time per run. --trials (default 5).
/// <c>--post events</c> drives it with contact events instead (<c>POST /api/events</c>, each starting one run of the same
/// flow with an event trigger). Every request carries the owner API key, as an integration's would.
/// </summary>
internal static class MemoryBench
{
    public static async Task RunAsync(string[] args)
    {
        var trials = BenchArgs.Int(args, "trials", 5);
        var seconds = BenchArgs.Int(args, "seconds", 15);
        var warmup = BenchArgs.Int(args, "warmup", 10);
        var events = BenchArgs.Text(args, "post") == "events";
        var flow = events ? BenchEngine.SixStepFlow.Replace("\"trigger\": { \"type\": \"api\" }", "\"trigger\": { \"type\": \"event\", \"event\": \"bench.go\" }") : BenchEngine.SixStepFlow;
        var idle = new List<double>();
        var loaded = new List<double>();
        var rates = new List<double>();
        var cpu = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var path = Path.Combine(Path.GetTempPath(), $"flowruns-memory-{Guid.NewGuid():N}.db");
            try
            {
                await using var app = await AppProcess.StartAsync(path, 5072, seedDemo: true, settings: BenchArgs.Unthrottled, configuration: "Release");
                await Task.Delay(TimeSpan.FromSeconds(5));
                idle.Add(app.RssMiB());
                (await app.Http.PostAsync("/api/flows", new StringContent(flow, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
                for (var i = 0; i < 100; i++)
                    (await app.Http.PutAsJsonAsync($"/api/contacts/b-{i}", new { name = $"B{i}", attributes = new { firstName = $"B{i}", balance = 5000, customerSegment = "premium" } })).EnsureSuccessStatusCode();

                // Warm-up: the same load, not counted, so the JIT has compiled the hot path by the time it is measured.
                if (warmup > 0) await LoadAsync(app, events, TimeSpan.FromSeconds(warmup));
                var peak = 0.0;
                var cpuStart = app.CpuSeconds();
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                var sampler = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested) { peak = Math.Max(peak, app.RssMiB()); await Task.Delay(200); }
                });
                var started = await LoadAsync(app, events, TimeSpan.FromSeconds(seconds));
                await sampler;
                var cpuPerRun = (app.CpuSeconds() - cpuStart) * 1000 / started;
                cpu.Add(cpuPerRun);
                loaded.Add(peak);
                rates.Add(started / (double)seconds);
                Console.WriteLine($"  trial {trial + 1}: idle {idle[^1]:F0} MiB, peak under load {peak:F0} MiB ({started / (double)seconds:F0} {(events ? "events/s posted" : "runs/s started")} over HTTP; app CPU {cpuPerRun:F3} ms per run)");
            }
            finally
            {
                FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
            }
        }
        Console.WriteLine($"memory: idle median {Stats.Median(idle):F0} MiB RSS; under load median peak {Stats.Median(loaded):F0} MiB RSS at a median {Stats.Median(rates):F0} {(events ? "events/s (one run each)" : "runs/s")} over HTTP, app CPU median {Stats.Median(cpu):F3} ms per run ({trials} trials)");
    }

    /// <summary>8 clients starting runs (or posting events) back to back for <paramref name="length"/>; returns how many were answered.</summary>
    private static async Task<int> LoadAsync(AppProcess app, bool events, TimeSpan length)
    {
        var started = 0;
        using var stop = new CancellationTokenSource(length);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref started);
                using var response = events
                    ? await app.Http.PostAsJsonAsync("/api/events", new { contactId = $"b-{n % 100}", name = "bench.go" })
                    : await app.Http.PostAsJsonAsync($"/api/flows/{BenchEngine.FlowKey}/runs", new { contactId = $"b-{n % 100}" });
                response.EnsureSuccessStatusCode();
            }
        })));
        return started;
    }
}
