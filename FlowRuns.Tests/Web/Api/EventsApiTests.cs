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
