using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>The alert rules over HTTP: added (201), refused with the field (400), listed, removed (204, then 404), audited.</summary>
public class AlertsApiTests : ApiScope
{
    [Fact]
    public async Task Rules_AreAdded_Refused_Listed_AndRemoved()
    {
        var (status, rule) = await PostAsync("/api/alerts/rules", new { name = "Loans failing", kind = "failures", flow = "loan-approval", threshold = 3, minutes = 10, webhookUrl = "https://hooks.example.com/x" });
        Assert.Equal(201, status);
        var id = rule!["id"]!.GetValue<long>();
        Assert.Equal(("failures", 3, 10), (rule["kind"]!.GetValue<string>(), rule["threshold"]!.GetValue<int>(), rule["minutes"]!.GetValue<int>()));

        var (refused, problem) = await PostAsync("/api/alerts/rules", new { name = "Rate", kind = "failureRate", threshold = 20, minutes = 60 });
        Assert.Equal(400, refused);
        Assert.Contains("flow", problem!.ToJsonString());
        Assert.Equal(400, (await PostAsync("/api/alerts/rules", new { name = "x", kind = "failures", threshold = 1, minutes = 10, unknown = 1 })).Status);

        Assert.Single((await GetJsonAsync("/api/alerts/rules")).AsArray());
        Assert.Empty((await GetJsonAsync("/api/alerts")).AsArray());
        Assert.Equal(204, (await SendAsync(HttpMethod.Delete, $"/api/alerts/rules/{id}", null)).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Delete, $"/api/alerts/rules/{id}", null)).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Delete, "/api/alerts/rules/abc", null)).Status);
        Assert.Empty((await GetJsonAsync("/api/alerts/rules")).AsArray());
        var audit = await GetAuditAsync();
        Assert.Contains("alert.rule-added", audit);
        Assert.Contains("alert.rule-removed", audit);
    }

    private async Task<string> GetAuditAsync()
    {
        var trail = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowRuns.Web.Access.AuditTrail>(App.Services);
        return string.Join("\n", (await trail.ListAsync(new())).Select(e => e.Action));
    }
}
