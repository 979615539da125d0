using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class OperationsApiTests : ApiScope
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PostAsync("/api/flows", new
        {
            key = "later", name = "Later", trigger = new { type = "api" },
            nodes = new object[] { new { id = "start", type = "trigger", label = "S" }, new { id = "pause", type = "delay", label = "Pause", duration = "P1D" }, new { id = "e", type = "end", label = "E" } },
            edges = new object[] { new { from = "start", to = "pause" }, new { from = "pause", to = "e" } },
        });
        await PutAsync("/api/contacts/c-1", new { name = "Ana", attributes = new { firstName = "Ana", area = "north", testGroup = "ops" } });
        await PutAsync("/api/contacts/c-2", new { name = "Ben", attributes = new { firstName = "Ben", area = "south", testGroup = "ops" } });
    }

    [Fact]
    public async Task Cancel_WaitingRun_Is200_ThenCancelAgainIs409()
    {
        var run = await StartRunAsync("later", new { contactId = "c-1" });
        var id = run["id"]!.GetValue<string>();
        var (status, body) = await PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Equal((200, "Cancelled"), (status, body!["status"]!.GetValue<string>()));
        Assert.Equal("Cancelled", (await GetJsonAsync($"/api/runs/{id}"))["status"]!.GetValue<string>());
        var (again, problem) = await PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Equal(409, again);
        Assert.Contains("already ended", problem!["detail"]!.GetValue<string>());
        Assert.Equal(404, (await PostAsync($"/api/runs/{Guid.NewGuid():N}/cancel", null)).Status);
    }

    [Fact]
    public async Task ResumeBeforeWakeTime_Is409WithTheWakeTime()
    {
        var run = await StartRunAsync("later", new { contactId = "c-1" });
        var (status, problem) = await PostAsync($"/api/runs/{run["id"]!.GetValue<string>()}/resume", null);
        Assert.Equal(409, status);
        Assert.Contains("never resumed before its stored wake time", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_ExactAndEdited_LinkToTheOriginal()
    {
        var original = await StartRunAsync("savings-nudge", new { contactId = "c-1", data = new { balance = 50000 } });
        var id = original["id"]!.GetValue<string>();
        var (status, replay) = await PostAsync($"/api/runs/{id}/replay", new { });
        Assert.Equal(202, status);
        var exact = await SettledRunAsync(replay!["id"]!.GetValue<string>());
        Assert.Equal((id, "replay", 50000), (exact["replayOf"]!.GetValue<string>(), exact["trigger"]!.GetValue<string>(), exact["data"]!["balance"]!.GetValue<int>()));

        var (_, editedReplay) = await PostAsync($"/api/runs/{id}/replay", new { data = new { balance = 5 }, version = "current" });
        var edited = await SettledRunAsync(editedReplay!["id"]!.GetValue<string>());
        Assert.Equal(5, edited["data"]!["balance"]!.GetValue<int>());
        Assert.Equal("false", edited["steps"]![1]!["port"]!.GetValue<string>());

        Assert.Equal(400, (await PostAsync($"/api/runs/{id}/replay", new { version = "yesterday" })).Status);
        Assert.Equal(400, (await PostAsync($"/api/runs/{id}/replay", new { version = 0 })).Status);
        Assert.Equal(404, (await PostAsync($"/api/runs/{id}/replay", new { version = 99 })).Status);
        Assert.Equal(400, (await PostAsync($"/api/runs/{id}/replay", new { data = 5 })).Status);
        Assert.Equal(404, (await PostAsync($"/api/runs/{Guid.NewGuid():N}/replay", new { })).Status);
    }

    [Fact]
    public async Task Replay_OntoAChosenVersion_RunsThatVersion()
    {
        var flow = (object nodeLabel) => Json.Flow("versions", [new { id = "e", type = "end", label = nodeLabel }], [new { from = "start", to = "e" }]);
        Assert.Equal(201, (await PostAsync("/api/flows", flow("One"))).Status);
        var original = await StartRunAsync("versions", new { contactId = "c-1" });
        Assert.Equal(201, (await PostAsync("/api/flows", flow("Two"))).Status);
        Assert.Equal(201, (await PostAsync("/api/flows", flow("Three"))).Status);
        var id = original["id"]!.GetValue<string>();
        foreach (var (version, expected) in new (object, int)[] { (2, 2), ("2", 2), ("current", 3), ("original", 1) })
        {
            var (status, replay) = await PostAsync($"/api/runs/{id}/replay", new { version });
            Assert.Equal(202, status);
            Assert.Equal(expected, (await SettledRunAsync(replay!["id"]!.GetValue<string>()))["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task PauseResumeDeactivate_ChangeTheFlowAndItsRuns()
    {
        var run = await StartRunAsync("later", new { contactId = "c-1" });
        var id = run["id"]!.GetValue<string>();
        var (paused, pause) = await PostAsync("/api/flows/later/pause", null);
        Assert.Equal((200, "paused", 1), (paused, pause!["status"]!.GetValue<string>(), pause["runs"]!.GetValue<int>()));
        Assert.Equal("Paused", (await GetJsonAsync($"/api/runs/{id}"))["status"]!.GetValue<string>());
        Assert.Equal(409, (await PostAsync("/api/flows/later/runs", new { contactId = "c-1" })).Status);
        Assert.Equal("paused", (await GetJsonAsync("/api/flows/later"))["status"]!.GetValue<string>());

        var (_, resumed) = await PostAsync("/api/flows/later/resume", null);
        Assert.Equal(1, resumed!["runs"]!.GetValue<int>());
        Assert.Equal("Waiting", (await GetJsonAsync($"/api/runs/{id}"))["status"]!.GetValue<string>());

        var (_, deactivated) = await PostAsync("/api/flows/later/deactivate", null);
        Assert.Equal(("inactive", 1), (deactivated!["status"]!.GetValue<string>(), deactivated["runs"]!.GetValue<int>()));
        Assert.Equal("Cancelled", (await GetJsonAsync($"/api/runs/{id}"))["status"]!.GetValue<string>());
        Assert.Equal(404, (await PostAsync("/api/flows/nope/pause", null)).Status);
    }

    [Fact]
    public async Task AudienceEvent_StartsRunsForTheMatchingContactsOnly()
    {
        var (status, outcome) = await PostAsync("/api/events", new { audience = "%{testGroup} == \"ops\" && %{area} == \"north\"", name = "outage.detected", properties = new { area = "north", eta = "18:00" } });
        Assert.Equal(202, status);
        var id = Assert.Single(outcome!["started"]!.AsArray())!.GetValue<string>();
        Assert.Equal("c-1", (await GetJsonAsync($"/api/runs/{id}"))["contactId"]!.GetValue<string>());

        Assert.Equal(400, (await PostAsync("/api/events", new { audience = "%{area} ==", name = "x" })).Status);
        Assert.Equal(400, (await PostAsync("/api/events", new { audience = "true", contactId = "c-1", name = "x" })).Status);
    }
}
