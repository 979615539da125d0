using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class FlowsApiTests : ApiScope
{
    private static object SimpleFlow(string label = "Done") => new
    {
        key = "simple",
        name = "Simple",
        trigger = new { type = "api" },
        nodes = new object[] { new { id = "start", type = "trigger", label = "Start" }, new { id = "done", type = "end", label } },
        edges = new object[] { new { from = "start", to = "done" } },
    };

    [Fact]
    public async Task Publish_New_Is201_Identical_Is200_Changed_IsNextVersion()
    {
        var (created, body) = await PostAsync("/api/flows", SimpleFlow());
        Assert.Equal(201, created);
        Assert.Equal(("simple", 1, true), (body!["key"]!.GetValue<string>(), body["version"]!.GetValue<int>(), body["created"]!.GetValue<bool>()));
        var (same, sameBody) = await PostAsync("/api/flows", SimpleFlow());
        Assert.Equal((200, 1), (same, sameBody!["version"]!.GetValue<int>()));
        var (changed, changedBody) = await PostAsync("/api/flows", SimpleFlow("Finished"));
        Assert.Equal((201, 2), (changed, changedBody!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Publish_Invalid_Is400_ListingEveryProblemWithItsNode()
    {
        var (status, problem) = await PostAsync("/api/flows", new
        {
            key = "broken",
            name = "Broken",
            trigger = new { type = "api" },
            nodes = new object[]
            {
                new { id = "start", type = "trigger", label = "Start" },
                new { id = "check", type = "condition", label = "Check", expression = "%{a} ==" },
                new { id = "odd", type = "teleport", label = "Odd" },
                new { id = "sub", type = "subflow", label = "Sub", flow = "does-not-exist" },
            },
            edges = new object[] { new { from = "start", to = "check" }, new { from = "check", to = "ghost", when = "true" }, new { from = "check", to = "sub", when = "maybe" } },
        });
        Assert.Equal(400, status);
        Assert.Equal("The flow definition has 5 problems.", problem!["title"]!.GetValue<string>());
        var problems = problem["problems"]!.AsArray();
        Assert.Contains(problems, p => p!["nodeId"]?.GetValue<string>() == "check" && p["field"]!.GetValue<string>() == "expression");
        Assert.Contains(problems, p => p!["nodeId"]?.GetValue<string>() == "odd");
        Assert.Contains(problems, p => p!["nodeId"]?.GetValue<string>() == "sub" && p["message"]!.GetValue<string>().Contains("does-not-exist"));
        Assert.Contains(problems, p => p!["edgeIndex"]?.GetValue<int>() == 1);
        Assert.Contains(problems, p => p!["edgeIndex"]?.GetValue<int>() == 2 && p["message"]!.GetValue<string>().Contains("no port 'maybe'"));
        Assert.NotNull(problem["errors"]!["nodes.check"]);
        Assert.Equal(404, (await Client.GetAsync("/api/flows/broken")).StatusCode is System.Net.HttpStatusCode.NotFound ? 404 : 0);
    }

    [Fact]
    public async Task Publish_NotJson_Is400ProblemDetails()
    {
        var (status, problem) = await PostAsync("/api/flows", "{ \"key\": ");
        Assert.Equal(400, status);
        Assert.Contains("not valid JSON", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_TooLarge_Is413()
    {
        var big = "{\"key\":\"x\",\"name\":\"" + new string('a', 1_100_000) + "\"}";
        var (status, problem) = await PostAsync("/api/flows", big);
        Assert.Equal(413, status);
        Assert.Contains("larger than", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_And_Get_ReturnTheDemoFlowsWithTheirGraph()
    {
        var flows = (await GetJsonAsync("/api/flows")).AsArray();
        Assert.Equal(["eligibility-check", "loan-approval", "savings-nudge", "service-disruption"], flows.Select(f => f!["key"]!.GetValue<string>()));
        var loan = await GetJsonAsync("/api/flows/loan-approval");
        Assert.Equal(("Loan approval card", 1, "active"), (loan["name"]!.GetValue<string>(), loan["version"]!.GetValue<int>(), loan["status"]!.GetValue<string>()));
        Assert.Equal(10, loan["definition"]!["nodes"]!.AsArray().Count);
        Assert.Single(loan["versions"]!.AsArray());
    }

    [Fact]
    public async Task Get_UnknownFlowOrVersion_Is404Problem()
    {
        var missing = await Client.GetAsync("/api/flows/nope");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var version = await Client.GetAsync("/api/flows/loan-approval?version=9");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, version.StatusCode);
    }
}
