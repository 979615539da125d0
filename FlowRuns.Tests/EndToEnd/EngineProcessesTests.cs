using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// The app as real processes over one SQLite file: two engines never walk a run twice, a killed one's runs are taken
/// over once its lease expires, runs listed in an audience event's 202 survive a kill -9 that follows it, and a store
/// that cannot write answers 503 — never a 202 for something unstored — and recovers by itself.
/// </summary>
public class EngineProcessesTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"flowruns-procs-{Guid.NewGuid():N}.db");
    private readonly List<AppProcess> _apps = [];
    private LocalHttpServer _crm = null!;

    public async Task InitializeAsync() => _crm = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _crm.DisposeAsync();
        FlowRuns.Engine.Persistence.SqliteFiles.Delete(_database);
    }

    private async Task<AppProcess> StartAppAsync(string? database = null, params string[] settings)
    {
        var app = await AppProcess.StartAsync(database ?? _database, seedDemo: false,
            ["--FlowRuns:Http:AllowedHosts:0=127.0.0.1", "--FlowRuns:LeaseDuration=00:00:03", .. settings]);
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task TwoProcesses_OverOneStore_MakeOneHttpCallPerRun()
    {
        var a = await StartAppAsync();
        await PublishAsync(a, Json.Flow("crm",
            [
                new { id = "pause", type = "delay", label = "Pause", duration = "PT2S" },
                new { id = "call", type = "http", label = "Call", method = "GET", url = _crm.BaseUrl + "/json" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "pause" }, new { from = "pause", to = "call" }, new { from = "call", to = "e" }]));
        await ContactAsync(a, "c-1");
        var b = await StartAppAsync();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++) ids.Add(await StartRunAsync(i % 2 == 0 ? a : b, "crm", "c-1"));

        foreach (var id in ids)
        {
            var run = await WaitFinishedAsync(b, id);
            Assert.Equal("Completed", run["status"]!.GetValue<string>());
            var calls = run["steps"]!.AsArray().Where(s => s!["nodeId"]!.GetValue<string>() == "call").ToList();
            Assert.Equal(1, Assert.Single(calls)!["attempt"]!.GetValue<int>());
        }
        Assert.Equal(20, _crm.Calls);
    }

    [Fact]
    public async Task KillingOneOfTwoProcessesUnderLoad_EveryAcceptedRunEndsOnce()
    {
        var a = await StartAppAsync();
        await PublishAsync(a, Json.Flow("load",
            [
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Hello" },
                new { id = "pause", type = "delay", label = "Pause", duration = "PT1S" },
                new { id = "crm", type = "http", label = "CRM", method = "GET", url = _crm.BaseUrl + "/json", capture = new { creditId = "$.id" } },
                new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "Credit %{steps.crm.output.creditId}" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "card" }, new { from = "card", to = "pause" }, new { from = "pause", to = "crm" }, new { from = "crm", to = "sms" }, new { from = "sms", to = "e" }]));
        for (var i = 0; i < 10; i++) await ContactAsync(a, $"k-{i}");
        var b = await StartAppAsync();

        var accepted = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Kill A once the load is well under way (30 runs accepted), then go on posting to both for as many again.
        var killed = Task.Run(async () =>
        {
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await a.KillAsync();
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var app = (client + n) % 2 == 0 ? a : b;
                try
                {
                    using var response = await app.Http.PostAsJsonAsync("/api/flows/load/runs", new { contactId = $"k-{(client * 3 + n++) % 10}" });
                    if (response.StatusCode != HttpStatusCode.Accepted) continue;
                    var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                    lock (accepted)
                    {
                        accepted.Add(id);
                        if (accepted.Count == 30) enough.TrySetResult();
                        if (accepted.Count >= 60 && killed.IsCompleted) stop.Cancel();
                    }
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
        })));
        await killed;

        Assert.True(accepted.Count > 20, $"only {accepted.Count} runs were accepted");
        foreach (var id in accepted)
        {
            var run = await WaitFinishedAsync(b, id);
            Assert.Equal("Completed", run["status"]!.GetValue<string>());
            var steps = run["steps"]!.AsArray().Select(s => s!).ToList();
            Assert.Equal(["start", "card", "pause", "crm", "sms", "e"], steps.Select(s => s["nodeId"]!.GetValue<string>()));
            Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s["sequence"]!.GetValue<int>()));
            Assert.Equal(["card", "sms"], run["deliveries"]!.AsArray().Select(d => d!["channel"]!.GetValue<string>()).Order());
        }
    }

    [Fact]
    public async Task KilledRightAfterAnAudienceEventsAnswer_EveryListedRunExistsAndEndsOnce()
    {
        const int Contacts = 5000;
        var app = await StartAppAsync();
        await PublishAsync(app, Json.Object(new
        {
            key = "outage", name = "Outage", trigger = new { type = "event", @event = "outage.detected" },
            nodes = new object[]
            {
                new { id = "start", type = "trigger", label = "Start" },
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Outage in %{event.area}" },
                new { id = "e", type = "end", label = "E" },
            },
            edges = new object[] { new { from = "start", to = "card" }, new { from = "card", to = "e" } },
        }));
        await SeedContactsAsync(Contacts);

        using var response = await app.Http.PostAsJsonAsync("/api/events", new { audience = "%{area} == \"north\"", name = "outage.detected", properties = new { area = "north" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await app.KillAsync();
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!["started"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal(Contacts, started.Count);

        var restarted = await StartAppAsync();
        await WaitUntilAsync(async () => Count("SELECT count(*) FROM Runs WHERE Status = 4") == Contacts, TimeSpan.FromSeconds(120), "every run to complete after the restart");
        foreach (var id in started.Where((_, i) => i % 250 == 0))
        {
            var run = await WaitFinishedAsync(restarted, id);
            Assert.Equal(["start", "card", "e"], run["steps"]!.AsArray().Select(s => s!["nodeId"]!.GetValue<string>()));
        }
        Assert.Equal(Contacts, Count("SELECT count(*) FROM Runs"));
        Assert.Equal(Contacts, Count("SELECT count(*) FROM Deliveries"));
        var ids = started.Select(id => Convert.ToHexString(Guid.Parse(id).ToByteArray())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Contacts, QueryStrings("SELECT hex(Id) FROM Runs").Count(ids.Contains));
    }

    [Fact]
    public async Task AFullDisk_Answers503AndHealthzUnhealthy_NeverA202ForAnUnstoredRun_AndRecoversWhenSpaceReturns()
    {
        if (Environment.UserName != "root")
            Assert.Fail("This test mounts a small tmpfs to fill a real disk: run the tests as root (CI does).");
        var mount = Path.Combine(Path.GetTempPath(), $"flowruns-full-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount);
        try
        {
            var database = Path.Combine(mount, "flowruns.db");
            var app = await StartAppAsync(database, "--FlowRuns:Database:MinFreeMiB=2");
            await PublishAsync(app, Json.Flow("fill", [new { id = "card", type = "send", label = "Card", channel = "card", body = new string('x', 2000) }, new { id = "e", type = "end", label = "E" }],
                [new { from = "start", to = "card" }, new { from = "card", to = "e" }]));
            await ContactAsync(app, "c-1");

            var accepted = new List<string>();
            HttpResponseMessage? refused = null;
            var watch = Stopwatch.StartNew();
            while (refused is null && watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                var response = await app.Http.PostAsJsonAsync("/api/flows/fill/runs", new { contactId = "c-1" });
                if (response.StatusCode == HttpStatusCode.Accepted) accepted.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
                else refused = response;
            }
            Assert.NotNull(refused);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Contains("full", problem);
            var health = await app.Http.GetAsync("/healthz");
            Assert.True(health.StatusCode == HttpStatusCode.ServiceUnavailable, $"/healthz answered {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()} after {problem}");
            Assert.Contains("full", await health.Content.ReadAsStringAsync());
            foreach (var id in accepted.TakeLast(50))
                Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync($"/api/runs/{id}")).StatusCode);

            Run("mount", "-o", "remount,size=64m", mount); // space returns
            await WaitUntilAsync(async () => (await app.Http.GetAsync("/healthz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "/healthz to be healthy again");
            var again = await StartRunAsync(app, "fill", "c-1");
            Assert.Equal("Completed", (await WaitFinishedAsync(app, again))["status"]!.GetValue<string>());
            Assert.True(accepted.Count > 10, $"only {accepted.Count} runs fitted before the disk was full");
            foreach (var id in accepted) Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync($"/api/runs/{id}")).StatusCode);
        }
        finally
        {
            foreach (var app in _apps) await app.DisposeAsync();
            _apps.Clear();
            Run("umount", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }

    private async Task SeedContactsAsync(int count)
    {
        await using var connection = new SqliteConnection($"Data Source={_database};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Contacts (Id, Name, Attributes, CreatedAt, UpdatedAt) VALUES ($id, $name, '{\"area\":\"north\"}', 0, 0)";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            id.Value = $"n-{i:D5}";
            name.Value = $"North {i}";
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database};Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private List<string> QueryStrings(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database};Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task PublishAsync(AppProcess app, JsonObject flow) =>
        (await app.Http.PostAsync("/api/flows", JsonContent.Create(flow))).EnsureSuccessStatusCode();

    private static async Task ContactAsync(AppProcess app, string id) =>
        (await app.Http.PutAsJsonAsync($"/api/contacts/{id}", new { name = id, phone = "+4917", attributes = new { firstName = id } })).EnsureSuccessStatusCode();

    private static async Task<string> StartRunAsync(AppProcess app, string flow, string contact)
    {
        using var response = await app.Http.PostAsJsonAsync($"/api/flows/{flow}/runs", new { contactId = contact });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what} after {limit.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what) => await WaitUntilAsync(() => Task.FromResult(condition()), limit, what);

    private static async Task<JsonNode> WaitFinishedAsync(AppProcess app, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await app.Http.GetAsync($"/api/runs/{id}");
            Assert.True(response.IsSuccessStatusCode, $"accepted run {id} is lost: {(int)response.StatusCode}");
            var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (run["status"]!.GetValue<string>() is "Completed" or "Failed" or "Cancelled") return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {id} did not finish: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
