using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class RunsApiTests : ApiScope
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PutAsync("/api/contacts/c-17", new { name = "Ana", email = "ana@example.com", phone = "+4917000", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000, balance = 20000 } });
        await PutAsync("/api/contacts/c-2", new { name = "Ben", email = "ben@example.com", attributes = new { firstName = "Ben", employmentStatus = "unemployed", balance = 10 } });
    }

    [Fact]
    public async Task Start_Is202WithId_AndGetReturnsEveryStepWithResolutions()
    {
        var (status, started) = await PostAsync("/api/flows/savings-nudge/runs", new { contactId = "c-17", data = new { source = "test" } });
        Assert.Equal(202, status);
        var id = started!["id"]!.GetValue<string>();
        Assert.Equal(32, id.Length);

        var run = await GetJsonAsync($"/api/runs/{id}");
        Assert.Equal(("savings-nudge", 1, "c-17", "Completed", "api"),
            (run["flow"]!.GetValue<string>(), run["version"]!.GetValue<int>(), run["contactId"]!.GetValue<string>(), run["status"]!.GetValue<string>(), run["trigger"]!.GetValue<string>()));
        Assert.EndsWith("Z", run["startedAt"]!.GetValue<string>());
        var steps = run["steps"]!.AsArray();
        Assert.Equal(["start", "high-balance", "invest-card", "done"], steps.Select(s => s!["nodeId"]!.GetValue<string>()));
        var condition = steps[1]!;
        Assert.Equal("true", condition["port"]!.GetValue<string>());
        Assert.Equal("balance", condition["resolutions"]![0]!["reference"]!.GetValue<string>());
        Assert.Equal(20000, condition["resolutions"]![0]!["value"]!.GetValue<int>());
        Assert.False(condition["resolutions"]![0]!["missing"]!.GetValue<bool>());
        Assert.Equal("card", run["deliveries"]![0]!["channel"]!.GetValue<string>());
        Assert.Equal(3, run["events"]![0]!["stepSequence"]!.GetValue<int>());
        Assert.Equal("test", run["data"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_FailedRun_ShowsErrorWithCodeMessageAndFix()
    {
        await PostAsync("/api/flows", new
        {
            key = "sms-only", name = "SMS", trigger = new { type = "api" },
            nodes = new object[] { new { id = "start", type = "trigger", label = "S" }, new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "hi" }, new { id = "e", type = "end", label = "E" } },
            edges = new object[] { new { from = "start", to = "sms" }, new { from = "sms", to = "e" } },
        });
        var run = await StartRunAsync("sms-only", new { contactId = "c-2" });
        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        var error = run["error"]!;
        Assert.Equal("MISSING_DATA", error["code"]!.GetValue<string>());
        Assert.Contains("no phone number", error["message"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["suggestedFix"]!.GetValue<string>()));
        Assert.Equal("MISSING_DATA", run["steps"]![1]!["error"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/flows/nope/runs", "{\"contactId\":\"c-17\"}", 404, "key")]
    [InlineData("/api/flows/savings-nudge/runs", "{\"contactId\":\"ghost\"}", 404, "contactId")]
    [InlineData("/api/flows/savings-nudge/runs", "{}", 400, "contactId")]
    [InlineData("/api/flows/savings-nudge/runs", "{\"contactId\":\"c-17\",\"data\":[]}", 400, "data")]
    [InlineData("/api/flows/savings-nudge/runs", "{\"contactId\":\"c-17\",\"contact\":{}}", 400, "contact")]
    public async Task Start_BadInput_IsProblemNamingTheField(string url, string body, int expected, string field)
    {
        var (status, problem) = await PostAsync(url, body);
        Assert.Equal(expected, status);
        Assert.True(problem!["errors"]?[field] is not null || problem["field"]?.GetValue<string>() == field, problem.ToJsonString());
    }

    [Fact]
    public async Task Start_TestRunWithMockContact_SendsNothing()
    {
        var run = await StartRunAsync("savings-nudge", new { test = true, contact = new { name = "Mock", attributes = new { firstName = "Mo", balance = 50000 } } });
        Assert.True(run["test"]!.GetValue<bool>());
        Assert.Equal("test", run["trigger"]!.GetValue<string>());
        Assert.Empty(run["deliveries"]!.AsArray());
        Assert.True(run["steps"]![2]!["output"]!["wouldSend"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_UnknownOrMalformedId_IsProblem()
    {
        Assert.Equal(404, (int)(await Client.GetAsync($"/api/runs/{Guid.NewGuid():N}")).StatusCode);
        Assert.Equal(400, (int)(await Client.GetAsync("/api/runs/not-an-id")).StatusCode);
    }

    [Fact]
    public async Task List_FiltersCombine_AndCursorPagesThroughEverything()
    {
        for (var i = 0; i < 7; i++) await StartRunAsync("savings-nudge", new { contactId = i % 2 == 0 ? "c-17" : "c-2" });
        await PostAsync("/api/flows", new
        {
            key = "halt", name = "Halt", trigger = new { type = "manual" },
            nodes = new object[] { new { id = "start", type = "trigger", label = "S" }, new { id = "x", type = "stopError", label = "X", message = "stop" } },
            edges = new object[] { new { from = "start", to = "x" } },
        });
        await StartRunAsync("halt", new { contactId = "c-2" });

        var all = await Page("/api/runs?limit=3");
        Assert.Equal(8, all.Count);
        Assert.Equal(all.Select(r => r["startedAt"]!.GetValue<string>()).OrderDescending(), all.Select(r => r["startedAt"]!.GetValue<string>()));
        Assert.Equal(8, all.Select(r => r["id"]!.GetValue<string>()).Distinct().Count());

        Assert.Single(await Page("/api/runs?status=Failed"));
        // c-2's balance is low: savings-nudge waits for business hours, or completes inside them.
        Assert.Equal(8, (await Page("/api/runs?status=failed,completed,waiting")).Count);
        Assert.Equal(7, (await Page("/api/runs?status=completed,waiting")).Count);
        Assert.Equal(4, (await Page("/api/runs?flow=savings-nudge&contact=c-17")).Count);
        Assert.Equal(4, (await Page("/api/runs?contact=ana@example.com")).Count);
        Assert.Equal(4, (await Page("/api/runs?contact=%2B4917000")).Count);
        Assert.Equal(7, (await Page("/api/runs?flow=savings-nudge&version=1&trigger=api")).Count);
        Assert.Empty(await Page("/api/runs?flow=savings-nudge&version=2"));
        Assert.Empty(await Page("/api/runs?flow=unknown"));
        Assert.Empty(await Page($"/api/runs?from={DateTime.UtcNow.AddHours(1):O}"));
        Assert.Equal(8, (await Page($"/api/runs?from={DateTime.UtcNow.AddHours(-1):O}&to={DateTime.UtcNow.AddHours(1):O}")).Count);
        Assert.Equal(8, (await Page("/api/runs?test=false")).Count);
        Assert.Equal(8, (await Page("/api/runs?range=24h")).Count);
        Assert.Single(await Page("/api/runs?status=Failed,Cancelled&flow=halt&version=1&contact=ben@example.com&trigger=api,event&range=7d"));
        Assert.Empty(await Page("/api/runs?status=Failed&flow=savings-nudge&range=30d"));
        Assert.Equal(3, (await Page("/api/runs?flow=savings-nudge&contact=c-2&trigger=api&range=1h&test=false")).Count);
        Assert.Empty(await Page("/api/runs?trigger=schedule,event"));

        var item = all[0]!;
        foreach (var field in new[] { "id", "flow", "version", "contactId", "status", "trigger", "startedAt", "endedAt", "currentNodeId", "durationMs", "test" })
            Assert.True(item.AsObject().ContainsKey(field), field);
    }

    [Theory]
    [InlineData("status=Exploded", "status")]
    [InlineData("version=2", "version")]
    [InlineData("flow=x&version=abc", "version")]
    [InlineData("trigger=pigeon", "trigger")]
    [InlineData("from=yesterday", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("test=maybe", "test")]
    [InlineData("range=9x", "range")]
    [InlineData("range=0d", "range")]
    [InlineData("range=7d&from=2026-01-01T00:00:00Z", "range")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    public async Task List_BadFilter_Is400NamingTheParameter(string query, string field)
    {
        var response = await Client.GetAsync("/api/runs?" + query);
        Assert.Equal(400, (int)response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    private async Task<List<JsonNode>> Page(string url)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(cursor is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}cursor={cursor}");
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return items;
    }
}
