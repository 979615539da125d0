using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>
/// U+0000 anywhere a user can put text — filters, ids, names, attributes, event names, a value an error message quotes —
/// never fails a request or a run on either store (PostgreSQL text cannot hold it: it is stored as U+FFFD there, see
/// <c>PostgresText</c>), and a filter holding one simply finds nothing.
/// </summary>
public class NulCharacterTests : ApiScope
{
    private const string Nul = "a\u0000b";

    [Theory]
    [InlineData("/api/runs?contact=a%00b")]
    [InlineData("/api/runs?flow=a%00b")]
    [InlineData("/api/runs/export.csv?contact=a%00b")]
    [InlineData("/api/deliveries?contact=a%00b")]
    [InlineData("/api/deliveries?channel=a%00b")]
    [InlineData("/api/runs?contact=%00")]
    public async Task AFilterOrIdHoldingANul_IsAnsweredWithoutAServerError(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.IsSuccessStatusCode && url.StartsWith("/api/runs?", StringComparison.Ordinal))
            Assert.Empty((await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray());
    }

    [Fact]
    public async Task AContactAndAnEventHoldingNuls_AreStored_AndARunWhoseErrorQuotesOne_FailsOnItsNode()
    {
        var contact = await SendAsync(HttpMethod.Put, "/api/contacts/nul-1", new { name = Nul, email = "x@example.com", attributes = new { segment = Nul } });
        Assert.True(contact.Status is 200 or 201, contact.Body?.ToJsonString());
        Assert.StartsWith("a", (await GetJsonAsync("/api/contacts/nul-1"))["name"]!.GetValue<string>());

        // A switch on the attribute: no case matches "a\0b" and there is no default, so the run fails on the switch with a
        // MISSING_BRANCH message that quotes the value.
        var flow = await SendAsync(HttpMethod.Post, "/api/flows", Json.Flow("nul-switch",
            [new { id = "pick", type = "switch", label = "Pick", on = "%{segment}", cases = new[] { "premium" } }, new { id = "done", type = "end", label = "Done" }],
            [new { from = "start", to = "pick" }, new { from = "pick", to = "done", when = "premium" }]));
        Assert.True(flow.Status is 200 or 201, flow.Body?.ToJsonString());
        var started = await SendAsync(HttpMethod.Post, "/api/flows/nul-switch/runs", new { contactId = "nul-1", data = new { note = Nul } });
        Assert.True(started.Status is 200 or 201 or 202, started.Body?.ToJsonString());
        var id = started.Body!["id"]!.GetValue<string>();
        JsonNode run;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            run = await GetJsonAsync($"/api/runs/{id}");
            if (run["status"]!.GetValue<string>() is "Failed" or "Completed") break;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal("Failed", run["status"]!.GetValue<string>());
        Assert.Equal("MISSING_BRANCH", run["error"]!["code"]!.GetValue<string>());

        var posted = await SendAsync(HttpMethod.Post, "/api/events", new { contactId = "nul-1", name = Nul, properties = new { value = Nul } });
        Assert.True(posted.Status < 500, posted.Body?.ToJsonString());
    }
}
