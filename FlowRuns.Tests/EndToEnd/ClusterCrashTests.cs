using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// The deployment issue 14 describes, for real: two app processes on one PostgreSQL database and one Redis, 2,000 runs
/// with an outside HTTP call, a timer and a wait that times out, started through both nodes; node B is killed with
/// SIGKILL mid-load and started again. Every accepted run ends; none is walked twice — one HTTP call per run at most (a
/// call in flight when B died is not repeated: its step fails INTERRUPTED), no step recorded twice, every timer fired
/// once.
/// </summary>
public class ClusterCrashTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 2000, KillAfter = 400;
    private LocalHttpServer _crm = null!;
    private TwoNodes _nodes = null!;

    public async Task InitializeAsync()
    {
        _crm = await LocalHttpServer.StartAsync();
        _nodes = await TwoNodes.StartAsync(postgres: true, "--FlowRuns:Http:AllowedHosts:0=127.0.0.1", "--FlowRuns:LeaseDuration=00:00:03");
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        await _crm.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodes_OnPostgres_OneKilledMidLoad_EveryAcceptedRunEndsOnce()
    {
        (await _nodes.A.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("cluster",
            [
                new { id = "call", type = "http", label = "Call", method = "POST", url = _crm.BaseUrl + "/count/%{n}", timeout = "PT10S" },
                new { id = "pause", type = "delay", label = "Pause", duration = "PT1S" },
                new { id = "wait", type = "wait", label = "Wait", @event = "never.sent", timeout = "PT1S" },
                new { id = "done", type = "end", label = "Done" },
                new { id = "late", type = "end", label = "Timed out" },
            ],
            [
                new { from = "start", to = "call" }, new { from = "call", to = "pause" }, new { from = "pause", to = "wait" },
                new { from = "wait", to = "done", when = "event" }, new { from = "wait", to = "late", when = "timeout" },
            ])))).EnsureSuccessStatusCode();
        for (var i = 0; i < 50; i++) (await _nodes.A.Http.PutAsJsonAsync($"/api/contacts/k-{i}", new { name = $"K{i}" })).EnsureSuccessStatusCode();

        // Four clients per node start runs, each with its own number n (the HTTP call counts per n); B is killed once it
        // has accepted KillAfter runs and started again while A goes on.
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(); // run id → n
        var next = -1;
        var acceptedByB = 0;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task StartRunsAsync(Func<AppProcess> node, bool isB)
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Runs)
            {
                try
                {
                    using var response = await node().Http.PostAsJsonAsync("/api/flows/cluster/runs", new { contactId = $"k-{n % 50}", data = new { n } });
                    if (response.StatusCode != HttpStatusCode.Accepted) continue;
                    accepted[(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()] = n;
                    if (isB && Interlocked.Increment(ref acceptedByB) == KillAfter) killed.TrySetResult();
                }
                catch (HttpRequestException) { } // B died under this request: the run was never accepted
                catch (IOException) { }
                if (isB && Volatile.Read(ref acceptedByB) >= KillAfter) await restarted.Task; // B's clients wait out its restart
            }
        }
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => StartRunsAsync(() => _nodes.A, isB: false)))
            .Concat(Enumerable.Range(0, 4).Select(_ => Task.Run(() => StartRunsAsync(() => _nodes.B, isB: true)))));
        var first = await Task.WhenAny(killed.Task, load);
        Assert.True(first == killed.Task, $"node B accepted only {acceptedByB} runs before the load ended");
        await _nodes.KillAndRestartBAsync();
        restarted.TrySetResult();
        await load;
        Assert.True(accepted.Count >= Runs * 3 / 4, $"only {accepted.Count} of {Runs} runs were accepted");

        var interrupted = 0;
        foreach (var (id, n) in accepted)
        {
            var run = await WaitEndedAsync(id);
            var steps = run["steps"]!.AsArray().Select(s => s!).ToList();
            Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s["sequence"]!.GetValue<int>())); // no step twice
            var calls = _crm.Counted.GetValueOrDefault(n.ToString());
            Assert.True(calls <= 1, $"run {id} (n={n}) called the CRM {calls} times");
            if (run["status"]!.GetValue<string>() == "Completed")
            {
                Assert.Equal(["start", "call", "pause", "wait", "late"], steps.Select(s => s["nodeId"]!.GetValue<string>())); // each timer fired once
                Assert.Equal(1, calls);
            }
            else
            {
                // The only way to fail: the call was in flight when B died; a POST is not made twice.
                Assert.Equal("Failed", run["status"]!.GetValue<string>());
                Assert.Equal("INTERRUPTED", run["error"]!["code"]!.GetValue<string>());
                interrupted++;
            }
        }
        output.WriteLine($"{accepted.Count} of {Runs} runs accepted ({acceptedByB} by B before and after its kill), all ended; " +
                         $"{accepted.Count - interrupted} completed with one call each, {interrupted} failed INTERRUPTED (their call in flight as B died)");
        Assert.True(interrupted <= 64, $"{interrupted} runs were interrupted: more than B can have had in flight");
    }

    private async Task<JsonNode> WaitEndedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await _nodes.A.Http.GetAsync($"/api/runs/{id}");
            Assert.True(response.IsSuccessStatusCode, $"accepted run {id} is lost: {(int)response.StatusCode}");
            var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (run["status"]!.GetValue<string>() is "Completed" or "Failed" or "Cancelled") return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {id} did not end after B's restart: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
