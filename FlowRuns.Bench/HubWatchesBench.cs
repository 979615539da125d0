using FlowRuns.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Bench;

/// <summary>
/// hub-watches: --connections hub clients (default 4) each watch as many runs as one connection may (10,000), then try
/// one more and a 30 KB id (the review's attack). Reports the app process's RSS before and after, and per connection,
/// and how many watches were refused. Median over --trials (default 3) fresh processes.
/// </summary>
internal static class HubWatchesBench
{
    public static async Task RunAsync(string[] args)
    {
        var connections = BenchArgs.Int(args, "connections", 4);
        var trials = BenchArgs.Int(args, "trials", 3);
        var perConnection = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var path = Path.Combine(Path.GetTempPath(), $"flowruns-hub-{Guid.NewGuid():N}.db");
            try
            {
                await using var app = await AppProcess.StartAsync(path, AppProcess.FreePort(), seedDemo: false, configuration: "Release");
                var hubs = new List<HubConnection>();
                for (var i = 0; i < connections; i++)
                {
                    var hub = new HubConnectionBuilder().WithUrl(app.BaseUrl + "/hubs/runs", options => options.AccessTokenProvider = () => Task.FromResult<string?>(AppProcess.OwnerKey)).Build();
                    await hub.StartAsync();
                    hubs.Add(hub);
                }
                GC.Collect();
                var before = app.RssMiB();
                var refused = 0;
                foreach (var hub in hubs)
                {
                    await Task.WhenAll(Enumerable.Range(0, 10_000).Select(_ => hub.InvokeAsync("WatchRun", Guid.CreateVersion7().ToString("N"))));
                    try { await hub.InvokeAsync("WatchRun", Guid.CreateVersion7().ToString("N")); } catch (HubException) { refused++; }
                    try { await hub.InvokeAsync("WatchRun", new string('a', 30 * 1024)); } catch (Exception) { refused++; }
                }
                var after = app.RssMiB();
                perConnection.Add((after - before) / connections);
                Console.WriteLine($"  trial {trial + 1}: RSS {before:F0} → {after:F0} MiB with {connections} × 10,000 watches ({(after - before) / connections:F1} MiB per connection); {refused} of {2 * connections} over-limit watches refused");
                foreach (var hub in hubs) await hub.DisposeAsync();
                if (hubs.Any(h => h.State == HubConnectionState.Connected)) throw new InvalidOperationException("a hub stayed connected");
            }
            finally
            {
                FlowRuns.Engine.Persistence.SqliteFiles.Delete(path);
            }
        }
        Console.WriteLine($"hub-watches: {connections} connections × 10,000 watches: median {Stats.Median(perConnection):F1} MiB RSS per connection ({trials} trials)");
    }
}
