using System.Net.Http.Headers;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>
/// Every API operation, the hub and the OpenAPI document, with no credentials and with a key of each role: 401 without,
/// 403 for a role that may not, and through (whatever the operation then answers) for one that may. Operations that
/// change something are aimed at a run or flow that does not exist, so "through" answers 404 and nothing changes.
/// </summary>
public class RoleMatrixTests : ApiScope
{
    private enum Need { Read, Operate, Ingest }

    private static readonly (HttpMethod Method, string Path, string? Body, Need Need)[] Operations =
    [
        (HttpMethod.Get, "/api/flows", null, Need.Read),
        (HttpMethod.Get, "/api/flows/loan-approval", null, Need.Read),
        (HttpMethod.Post, "/api/flows", "{}", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/pause", "{}", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/resume", "{}", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/deactivate", "{}", Need.Operate),
        (HttpMethod.Get, "/api/flows/no-such-flow/draft", null, Need.Read),
        (HttpMethod.Put, "/api/flows/no-such-flow/draft", """{ "revision": 0, "definition": { "key": "no-such-flow" } }""", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/draft/publish", """{ "revision": 1 }""", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/clone", """{ "key": "no-such-clone", "name": "Clone" }""", Need.Operate),
        (HttpMethod.Post, "/api/flows/no-such-flow/activate", null, Need.Operate),
        (HttpMethod.Get, "/api/flows/no-such-flow/export?version=draft", null, Need.Read),
        (HttpMethod.Put, "/api/contacts/c-matrix", """{ "name": "Matrix" }""", Need.Operate),
        (HttpMethod.Get, "/api/contacts/c-1", null, Need.Read),
        (HttpMethod.Get, "/api/runs", null, Need.Read),
        (HttpMethod.Get, "/api/runs/0000000000000000000000000000abcd", null, Need.Read),
        (HttpMethod.Get, "/api/runs/export.csv", null, Need.Read),
        (HttpMethod.Get, "/api/deliveries", null, Need.Read),
        (HttpMethod.Get, "/api/deliveries/0000000000000000000000000000abcd", null, Need.Read),
        (HttpMethod.Post, "/api/deliveries/0000000000000000000000000000abcd/resend", null, Need.Operate),
        (HttpMethod.Get, "/api/alerts", null, Need.Read),
        (HttpMethod.Get, "/api/alerts/rules", null, Need.Read),
        (HttpMethod.Post, "/api/alerts/rules", "{}", Need.Operate),
        (HttpMethod.Delete, "/api/alerts/rules/999999", null, Need.Operate),
        (HttpMethod.Post, "/api/alerts/acknowledge", null, Need.Operate),
        (HttpMethod.Post, "/api/events", """{ "contactId": "c-none", "name": "matrix.event" }""", Need.Ingest),
        (HttpMethod.Post, "/api/flows/no-such-flow/runs", """{ "contactId": "c-1" }""", Need.Ingest),
        (HttpMethod.Post, "/api/runs/0000000000000000000000000000abcd/cancel", "{}", Need.Operate),
        (HttpMethod.Post, "/api/runs/0000000000000000000000000000abcd/replay", "{}", Need.Operate),
        (HttpMethod.Post, "/api/runs/0000000000000000000000000000abcd/resume", "{}", Need.Operate),
        (HttpMethod.Get, "/openapi/v1.json", null, Need.Read),
        (HttpMethod.Post, "/hubs/runs/negotiate?negotiateVersion=1", null, Need.Read),
    ];

    private static bool Allows(string role, Need need) => need switch
    {
        Need.Read => role is Roles.Owner or Roles.Manager or Roles.Viewer,
        Need.Operate => role is Roles.Owner or Roles.Manager,
        _ => role is Roles.Owner or Roles.Manager or Roles.Ingest,
    };

    [Fact]
    public async Task EveryOperation_AnswersByRole_401Without_403ForARoleThatMayNot()
    {
        var keys = new Dictionary<string, string?> { ["(none)"] = null };
        foreach (var role in Roles.ForKeys)
            keys[role] = (await App.Services.GetRequiredService<ApiKeys>().CreateAsync($"{role} matrix", role, "test")).Plain;
        using var client = App.CreateAnonymousClient();
        var wrong = new List<string>();
        foreach (var (method, path, body, need) in Operations)
        foreach (var (role, key) in keys)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var status = (int)(await client.SendAsync(request)).StatusCode;
            var expected = key is null ? "401" : Allows(role, need) ? "through" : "403";
            var actual = status is 401 or 403 ? status.ToString() : "through";
            if (expected != actual) wrong.Add($"{method} {path} as {role}: {status}, expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task AnIngestKey_StartsRealRuns_ButNotTestRuns()
    {
        var (_, ingest) = await App.Services.GetRequiredService<ApiKeys>().CreateAsync("ingest", Roles.Ingest, "test");
        using var client = App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingest);
        var test = await client.PostAsync("/api/flows/savings-nudge/runs", new StringContent("""{ "test": true, "contact": { "name": "Mo" } }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(403, (int)test.StatusCode);
        Assert.Contains("manager or owner", await test.Content.ReadAsStringAsync());
        await PutAsync("/api/contacts/c-ingest", new { name = "Ina", attributes = new { balance = 5 } });
        var real = await client.PostAsync("/api/flows/savings-nudge/runs", new StringContent("""{ "contactId": "c-ingest" }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)real.StatusCode);
    }

    [Fact]
    public async Task PagesAndTheApiReference_SendAnonymousVisitorsToSignIn_AndTheHealthCheckStaysOpen()
    {
        using var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        foreach (var path in new[] { "/", "/runs", "/flows/loan-approval", "/settings", "/users", "/audit", "/scalar/v1" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(302, (int)response.StatusCode);
            Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(200, (int)(await client.GetAsync("/account/sign-in")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/healthz")).StatusCode);
    }
}
