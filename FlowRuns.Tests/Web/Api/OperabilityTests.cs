using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class OperabilityTests : ApiScope
{
    [Fact]
    public async Task Healthz_ReportsDatabaseAndEngine()
    {
        var health = await GetJsonAsync("/healthz");
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["engine"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesThePublicApi()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/flows", "/api/flows/{key}", "/api/contacts/{id}", "/api/flows/{key}/runs", "/api/runs", "/api/runs/{id}", "/api/events" })
            Assert.Contains(path, paths);
        var scalar = await Client.GetAsync("/scalar/v1");
        Assert.True(scalar.IsSuccessStatusCode);
    }

    [Fact]
    public async Task HomePage_ListsLatestRuns()
    {
        await PutAsync("/api/contacts/c-1", new { name = "X", attributes = new { balance = 1 } });
        await StartRunAsync("savings-nudge", new { contactId = "c-1" });
        var html = await Client.GetStringAsync("/");
        Assert.Contains("Latest runs", html);
        Assert.Contains("savings-nudge", html);
    }
}
