using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class EventsApiTests : ApiScope
{
    [Fact]
    public async Task PostEvent_StartsRunsOfFlowsTriggeredByIt_WithEventData()
    {
        await PutAsync("/api/contacts/c-17", new { name = "Ana", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } });
        var (status, outcome) = await PostAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 2500 } });
        Assert.Equal(202, status);
        var id = Assert.Single(outcome!["started"]!.AsArray())!.GetValue<string>();
        Assert.Empty(outcome["resumed"]!.AsArray());

        var run = await SettledRunAsync(id);
        Assert.Equal("event", run["trigger"]!.GetValue<string>());
        Assert.Equal(2500, run["event"]!["amount"]!.GetValue<int>());
        Assert.Equal("Waiting", run["status"]!.GetValue<string>());
        Assert.Contains("2500", run["steps"]![4]!["output"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task SixtyFourConcurrentEvents_ForOneWaitingRun_OneResumesIt_EveryOtherIsKeptOnTheRun()
    {
        await PutAsync("/api/contacts/c-17", new { name = "Ana", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } });
        var (_, started) = await PostAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 2500 } });
        var id = started!["started"]![0]!.GetValue<string>();
        Assert.Equal("card.completed", (await SettledRunAsync(id))["waitingFor"]!.GetValue<string>());

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => PostAsync("/api/events",
            new { contactId = "c-17", name = "card.completed", properties = new { runId = id, attempt = i } })));
        Assert.All(answers, a => Assert.Equal(202, a.Status));
        Assert.All(answers, a => Assert.Empty(a.Body!["failures"]!.AsArray()));
        string[] Listed(string field) => answers.SelectMany(a => a.Body![field]!.AsArray().Select(r => r!.GetValue<string>())).ToArray();
        // Each answer says what became of its own event: taken now (at most one can be), kept in the run's inbox for
        // when the run is free again, or filed as not awaited. Whichever was applied first resumed the run.
        Assert.True(Listed("resumed").Length <= 1);
        Assert.Equal(64, Listed("resumed").Length + Listed("queued").Length + Listed("filed").Length);
        Assert.All(Listed("resumed").Concat(Listed("queued")).Concat(Listed("filed")), r => Assert.Equal(id, r));

        // Every one of the other 63 ends up on the run as "arrived, not awaited" — none is dropped.
        JsonNode run = null!;
        for (var i = 0; i < 200; i++)
        {
            run = await GetJsonAsync($"/api/runs/{id}");
            if (run["events"]!.AsArray().Count(e => e!["notAwaited"]!.GetValue<bool>()) == 63) break;
            await Task.Delay(25);
        }
        Assert.Equal(63, run["events"]!.AsArray().Count(e => e!["name"]!.GetValue<string>() == "card.completed" && e["notAwaited"]!.GetValue<bool>()));
        Assert.Equal(1, run["events"]!.AsArray().Count(e => e!["name"]!.GetValue<string>() == "card.completed" && !e["notAwaited"]!.GetValue<bool>()));
        Assert.Equal("event", run["steps"]!.AsArray().Single(s => s!["nodeId"]!.GetValue<string>() == "wait-accept")!["port"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvent_NoFlowListens_StartsNothing()
    {
        await PutAsync("/api/contacts/c-1", new { name = "X" });
        var (status, outcome) = await PostAsync("/api/events", new { contactId = "c-1", name = "nobody.cares" });
        Assert.Equal(202, status);
        Assert.Empty(outcome!["started"]!.AsArray());
    }

    [Theory]
    [InlineData("{\"contactId\":\"c-1\"}", 400, "name")]
    [InlineData("{\"name\":\"x\"}", 400, "contactId")]
    [InlineData("{\"name\":\"x\",\"contactId\":\"ghost\"}", 404, "contactId")]
    [InlineData("{\"name\":\"x\",\"contactId\":\"c-1\",\"properties\":5}", 400, "properties")]
    public async Task PostEvent_BadInput_IsProblemNamingTheField(string body, int expected, string field)
    {
        await PutAsync("/api/contacts/c-1", new { name = "X" });
        var (status, problem) = await PostAsync("/api/events", body);
        Assert.Equal(expected, status);
        Assert.True(problem!["errors"]?[field] is not null || problem["field"]?.GetValue<string>() == field, problem.ToJsonString());
    }
}
