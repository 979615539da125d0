using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>
/// QA's "why did they fail": every run list item says where the run ended and why it failed, the list filters by error
/// code and by node (API, CSV), and failures come grouped by version, node and code with counts, shares and samples.
/// </summary>
public class FailuresApiTests : ApiScope
{
    protected override bool SeedDemo => false;

    /// <summary>
    /// v1: a switch on <c>%{tier}</c> with cases gold/silver but only a gold edge (silver → MISSING_BRANCH at "route"), and
    /// a stop for "bad" (STOP_ERROR at "refuse"); v2 adds the silver edge.
    /// </summary>
    private static object Flow(bool silverEdge)
    {
        object[] nodes =
        [
            new { id = "bad", type = "condition", label = "Bad customer?", expression = "%{bad} == true" },
            new { id = "refuse", type = "stopError", label = "Refuse", code = "REFUSED", message = "refused: bad customer\nsecond line" },
            new { id = "route", type = "switch", label = "Route by tier", on = "%{tier}", cases = new[] { "gold", "silver" } },
            new { id = "done", type = "end", label = "Done" },
        ];
        var edges = new List<object>
        {
            new { from = "start", to = "bad" }, new { from = "bad", when = "true", to = "refuse" }, new { from = "bad", when = "false", to = "route" },
            new { from = "route", when = "gold", to = "done" },
        };
        if (silverEdge) edges.Add(new { from = "route", when = "silver", to = "done" });
        return Json.Flow("tiers", nodes, edges.ToArray());
    }

    private async Task<string> RunAsync(string tier, bool bad = false) =>
        (await StartRunAsync("tiers", new { contactId = "q-1", data = new { tier, bad } }))["id"]!.GetValue<string>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal(201, (await PutAsync("/api/contacts/q-1", new { name = "Quinn Tester" })).Status);
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: false))).Status);
    }

    [Fact]
    public async Task ListItems_SayWhereARunEnded_AndWhyItFailed_AndFilterByCodeAndNode()
    {
        var missing = await RunAsync("silver");
        var refused = await RunAsync("gold", bad: true);
        var fine = await RunAsync("gold");

        var items = (await GetJsonAsync("/api/runs?flow=tiers"))["items"]!.AsArray();
        var byId = items.ToDictionary(i => i!["id"]!.GetValue<string>());
        var silver = byId[missing]!;
        Assert.Equal("MISSING_BRANCH", silver["errorCode"]!.GetValue<string>());
        Assert.Contains("silver", silver["errorMessage"]!.GetValue<string>());
        Assert.Equal("route", silver["failedNodeId"]!.GetValue<string>());
        Assert.Equal("Route by tier", silver["failedNodeLabel"]!.GetValue<string>());
        Assert.Equal("Quinn Tester", silver["contactName"]!.GetValue<string>());
        Assert.Equal("Quinn Tester", (await GetJsonAsync($"/api/runs/{missing}"))["contactName"]!.GetValue<string>()); // the run itself too
        Assert.Equal(1, silver["version"]!.GetValue<int>());
        Assert.NotNull(silver["durationMs"]);
        Assert.Equal("STOP_ERROR", byId[refused]!["errorCode"]!.GetValue<string>());
        Assert.Equal("Refuse", byId[refused]!["failedNodeLabel"]!.GetValue<string>());
        Assert.Null(byId[fine]!["errorCode"]);
        Assert.Null(byId[fine]!["failedNodeId"]);
        Assert.Equal("Done", byId[fine]!["currentNodeLabel"]!.GetValue<string>());

        var byCode = (await GetJsonAsync("/api/runs?errorCode=MISSING_BRANCH"))["items"]!.AsArray();
        Assert.Equal([missing], byCode.Select(i => i!["id"]!.GetValue<string>()));
        var byNode = (await GetJsonAsync("/api/runs?node=refuse,route"))["items"]!.AsArray();
        Assert.Equal(new[] { missing, refused }.Order(), byNode.Select(i => i!["id"]!.GetValue<string>()).Order());
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/runs?node=" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"n{i}")), null);
        Assert.Equal(400, status);
        Assert.Equal("node", problem!["field"]?.GetValue<string>() ?? problem["errors"]?.AsObject().First().Key);

        var csv = await Client.GetStringAsync("/api/runs/export.csv?flow=tiers&errorCode=MISSING_BRANCH");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Trim().Split(',');
        foreach (var column in new[] { "errorCode", "errorMessage", "failedNodeId", "failedNodeLabel", "version", "contactName", "durationMs" })
            Assert.Contains(column, header);
        Assert.Equal(2, lines.Length);
        Assert.Contains("MISSING_BRANCH", lines[1]);
        Assert.Contains("Route by tier", lines[1]);
        Assert.Contains("Quinn Tester", lines[1]);
    }

    [Fact]
    public async Task Failures_AreGroupedByVersionNodeAndCode_WithShareFirstLastMessageAndSamples()
    {
        var silverRuns = new List<string>();
        for (var i = 0; i < 4; i++) silverRuns.Add(await RunAsync("silver"));
        await RunAsync("gold", bad: true);
        for (var i = 0; i < 3; i++) await RunAsync("gold");
        Assert.Equal(201, (await PostAsync("/api/flows", Flow(silverEdge: true))).Status);
        await RunAsync("silver");
        await RunAsync("gold", bad: true);

        var groups = (await GetJsonAsync("/api/failures?flow=tiers")).AsArray();
        Assert.Equal(3, groups.Count);
        // Newest group first: v2's refusal, then v1's.
        Assert.Equal((2, "refuse", "STOP_ERROR", 1), Key(groups[0]!));
        var missing = groups.Single(g => g!["errorCode"]!.GetValue<string>() == "MISSING_BRANCH")!;
        Assert.Equal((1, "route", "MISSING_BRANCH", 4), Key(missing));
        Assert.Equal("Route by tier", missing["nodeLabel"]!.GetValue<string>());
        Assert.Equal(8, missing["versionRuns"]!.GetValue<int>());
        Assert.Equal(0.5, missing["share"]!.GetValue<double>(), 3);
        Assert.Contains("silver", missing["commonMessage"]!.GetValue<string>());
        var samples = missing["sampleRunIds"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Equal(3, samples.Count);
        Assert.Equal(silverRuns[^1], samples[0]); // latest first
        Assert.True(missing["firstSeen"]!.GetValue<DateTimeOffset>() <= missing["lastSeen"]!.GetValue<DateTimeOffset>());

        var workspace = (await GetJsonAsync("/api/failures?range=24h")).AsArray();
        Assert.Equal(3, workspace.Count);
        Assert.Empty((await GetJsonAsync("/api/failures?flow=nope")).AsArray());
        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/failures?range=forever", null)).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/failures?limit=0", null)).Status);
    }

    private static (int, string, string, int) Key(System.Text.Json.Nodes.JsonNode group) =>
        (group["version"]!.GetValue<int>(), group["nodeId"]!.GetValue<string>(), group["errorCode"]!.GetValue<string>(), group["count"]!.GetValue<int>());
}
