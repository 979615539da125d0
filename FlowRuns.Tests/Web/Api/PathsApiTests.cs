using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>
/// QA's "did Monday's customers route correctly": <c>GET /api/flows/{key}/paths</c> groups a version's ended runs by the
/// path they took (newest version by default), counts runs per node and edge, sets a second version's beside, and each
/// path's latest runs are one call away.
/// </summary>
public class PathsApiTests : ApiScope
{
    protected override bool SeedDemo => false;

    /// <summary>A switch on <c>%{tier}</c>: v1 sends gold to "done" and has no silver edge (MISSING_BRANCH); v2 adds silver → "thanks".</summary>
    private static object Flow(bool silverEdge)
    {
        object[] nodes =
        [
            new { id = "route", type = "switch", label = "Route by tier", on = "%{tier}", cases = new[] { "gold", "silver" } },
            new { id = "thanks", type = "set", label = "Thank silver", assign = new Dictionary<string, string> { ["thanked"] = "true" } },
            new { id = "done", type = "end", label = "Done" },
        ];
        var edges = new List<object> { new { from = "start", to = "route" }, new { from = "route", when = "gold", to = "done" }, new { from = "thanks", to = "done" } };
        if (silverEdge) edges.Add(new { from = "route", when = "silver", to = "thanks" });
        return Json.Flow("tiers", nodes, edges.ToArray());
    }

    private async Task RunAsync(string tier) => await StartRunAsync("tiers", new { contactId = "q-1", data = new { tier } });

    [Fact]
    public async Task Paths_GroupTheNewestVersionsRuns_CountNodesAndEdges_CompareWithTheVersionBefore_AndListAPathsLatestRuns()
    {
        Assert.Equal(201, (await PutAsync("/api/contacts/q-1", new { name = "Quinn Tester" })).Status);
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: false))).Status);
        for (var i = 0; i < 3; i++) await RunAsync("gold");
        await RunAsync("silver");
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: true))).Status);
        await RunAsync("gold");
        for (var i = 0; i < 3; i++) await RunAsync("silver");

        var body = await GetJsonAsync("/api/flows/tiers/paths?compare=1");
        var paths = body["paths"]!;
        Assert.Equal((2, 4, 2), (paths["version"]!.GetValue<int>(), paths["runs"]!.GetValue<int>(), paths["pathCount"]!.GetValue<int>()));
        var top = paths["groups"]![0]!;
        Assert.Equal((3, 3, 0.75), (top["count"]!.GetValue<int>(), top["completed"]!.GetValue<int>(), top["share"]!.GetValue<double>()));
        Assert.Equal(["start", "route", "thanks", "done"], top["steps"]!.AsArray().Select(s => s!["nodeId"]!.GetValue<string>()));
        Assert.Equal("silver", top["steps"]![1]!["port"]!.GetValue<string>());
        Assert.Equal("Thank silver", top["steps"]![2]!["nodeLabel"]!.GetValue<string>());
        Assert.Equal(3, paths["nodeRuns"]!["thanks"]!.GetValue<int>());
        Assert.Equal(3, paths["edges"]!.AsArray().Single(e => e!["from"]!.GetValue<string>() == "route" && e["port"]!.GetValue<string>() == "silver")!["runs"]!.GetValue<int>());

        // v1: three gold, one silver that broke on the switch (its path ends there, failed).
        var compared = body["compared"]!;
        Assert.Equal((1, 4), (compared["version"]!.GetValue<int>(), compared["runs"]!.GetValue<int>()));
        var broken = compared["groups"]!.AsArray().Single(g => g!["failed"]!.GetValue<int>() == 1)!;
        Assert.Equal(["start", "route"], broken["steps"]!.AsArray().Select(s => s!["nodeId"]!.GetValue<string>()));

        var latest = (await GetJsonAsync($"/api/flows/tiers/paths/{top["pathId"]}/runs")).AsArray();
        Assert.Equal(3, latest.Count);
        Assert.All(latest, r => Assert.Equal("Quinn Tester", r!["contactName"]!.GetValue<string>()));
        Assert.Empty((await GetJsonAsync($"/api/flows/tiers/paths/{top["pathId"]}/runs?version=1")).AsArray()); // another version's path

        // The window counts runs by when they ended.
        Assert.Equal(4, (await GetJsonAsync("/api/flows/tiers/paths?range=24h"))["paths"]!["runs"]!.GetValue<int>());
        Assert.Equal(0, (await GetJsonAsync($"/api/flows/tiers/paths?from={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"))["paths"]!["runs"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?version=zero", "version")]
    [InlineData("?compare=-1", "compare")]
    [InlineData("?version=1&compare=1", "compare")]
    [InlineData("?range=forever", "range")]
    [InlineData("?range=published&from=2026-01-01", "range")]
    [InlineData("?limit=1000", "limit")]
    public async Task BadParameters_AreA400NamingTheParameter(string query, string field)
    {
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: false))).Status);
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/flows/tiers/paths" + query, null);
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
    }

    [Fact]
    public async Task AnUnknownFlowOrVersion_IsA404()
    {
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: false))).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/flows/nope/paths", null)).Status);
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/flows/tiers/paths?version=7", null);
        Assert.Equal((404, "version"), (status, problem!["field"]!.GetValue<string>()));
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/flows/tiers/paths?compare=7", null)).Status);
    }
}
