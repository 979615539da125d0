using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// The app as a real process, killed with SIGKILL at random moments while runs are being started and walked, then
/// restarted: no accepted run is lost, no step is recorded twice, no delivery is duplicated, and every run finishes.
/// Bounded: three kills, about two seconds of traffic each.
/// </summary>
public class CrashRecoveryTests : IAsyncLifetime
{
    private const int Kills = 3;
    private const int MinAcceptedPerRound = 8;
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"flowruns-crash-{Guid.NewGuid():N}.db");
    private LocalHttpServer _crm = null!;

    public async Task InitializeAsync() => _crm = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _crm.DisposeAsync();
        FlowRuns.Engine.Persistence.SqliteFiles.Delete(_database);
    }

    private Task<AppProcess> StartAppAsync() =>
        AppProcess.StartAsync(_database, seedDemo: false, ["--FlowRuns:Http:AllowedHosts:0=127.0.0.1", "--FlowRuns:LeaseDuration=00:00:03"]);

    [Fact]
    public async Task KilledAtRandomMoments_RestartsWithEveryRunIntactAndFinished()
    {
        var accepted = new List<string>();
        var random = new Random(1234);
        var app = await StartAppAsync();
        try
        {
            (await app.Http.PostAsync("/api/flows", JsonContent.Create(Json.Flow("crashy",
            [
                new { id = "hello", type = "send", label = "Hello", channel = "card", body = "Hello %{firstName}" },
                new { id = "mark", type = "set", label = "Mark", assign = new Dictionary<string, string> { ["marked"] = "true" } },
                new { id = "crm", type = "http", label = "CRM", method = "GET", url = _crm.BaseUrl + "/json", timeout = "PT5S", capture = new { creditId = "$.id" } },
                new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "Credit %{steps.crm.output.creditId}" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "hello" }, new { from = "hello", to = "mark" }, new { from = "mark", to = "crm" }, new { from = "crm", to = "sms" }, new { from = "sms", to = "e" }])))).EnsureSuccessStatusCode();
            for (var i = 0; i < 20; i++)
                (await app.Http.PutAsJsonAsync($"/api/contacts/k-{i}", new { name = $"K{i}", phone = "+4917", attributes = new { firstName = $"K{i}" } })).EnsureSuccessStatusCode();

            for (var kill = 0; kill < Kills; kill++)
            {
                // The kill comes at a random moment, but only once this round has had runs accepted: on a busy machine the
                // app may take seconds to answer its first starts, and a round with nothing accepted tests nothing.
                using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(600, 2000)));
                using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var acceptedThisRound = 0;
                await Task.WhenAll(Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
                {
                    var n = 0;
                    while (!giveUp.IsCancellationRequested && !(stop.IsCancellationRequested && Volatile.Read(ref acceptedThisRound) >= MinAcceptedPerRound))
                    {
                        try
                        {
                            using var response = await app.Http.PostAsJsonAsync("/api/flows/crashy/runs", new { contactId = $"k-{(client * 5 + n++) % 20}" });
                            if (response.StatusCode != System.Net.HttpStatusCode.Accepted) continue;
                            var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                            lock (accepted) accepted.Add(id);
                            Interlocked.Increment(ref acceptedThisRound);
                        }
                        catch (HttpRequestException) { }
                    }
                })));
                Assert.True(acceptedThisRound >= MinAcceptedPerRound, $"round {kill}: only {acceptedThisRound} runs were accepted in 60 s");
                await app.KillAsync();
                await app.DisposeAsync();
                app = await StartAppAsync();
            }

            foreach (var id in accepted)
            {
                var run = await WaitFinishedAsync(app, id);
                Assert.Equal("Completed", run["status"]!.GetValue<string>());
                var steps = run["steps"]!.AsArray().Select(s => s!).ToList();
                Assert.Equal(["start", "hello", "mark", "crm", "sms", "e"], steps.Select(s => s["nodeId"]!.GetValue<string>()));
                Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s["sequence"]!.GetValue<int>()));
                var deliveries = run["deliveries"]!.AsArray();
                Assert.Equal(["card", "sms"], deliveries.Select(d => d!["channel"]!.GetValue<string>()).Order());
                Assert.Equal("Credit cr-1", deliveries.Single(d => d!["channel"]!.GetValue<string>() == "sms")!["body"]!.GetValue<string>());
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<JsonNode> WaitFinishedAsync(AppProcess app, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await app.Http.GetAsync($"/api/runs/{id}");
            Assert.True(response.IsSuccessStatusCode, $"accepted run {id} is lost: {(int)response.StatusCode}");
            var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (run["status"]!.GetValue<string>() is "Completed" or "Failed" or "Cancelled") return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {id} did not finish after the restarts: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
