using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>Every operator action through the API leaves an audit row naming who (the key's prefix), what, on which flow or run, and from where.</summary>
public class AuditTrailTests : ApiScope
{
    private AuditTrail Audit => App.Services.GetRequiredService<AuditTrail>();

    [Fact]
    public async Task EachOperation_IsRecorded_WithTheKeyThatDidIt()
    {
        var owner = "key " + TestAccess.OwnerKey[..ApiKeys.PrefixLength];
        await PutAsync("/api/contacts/c-audit", new { name = "Ada", attributes = new { firstName = "Ada", balance = 50000 } });
        var (status, test) = await PostAsync("/api/flows/savings-nudge/runs", new { test = true, contact = new { name = "Mock", attributes = new { balance = 1 } } });
        Assert.Equal(202, status);
        var run = await StartRunAsync("loan-approval", new { contactId = "c-audit", data = new { amount = 100 } });
        var id = run["id"]!.GetValue<string>();
        Assert.Equal(202, (await PostAsync($"/api/runs/{id}/replay", new { })).Status);
        var cancel = await PostAsync($"/api/runs/{id}/cancel", new { });
        await PostAsync("/api/flows/loan-approval/pause", new { });
        await PostAsync("/api/flows/loan-approval/resume", new { });
        await PostAsync("/api/flows/loan-approval/deactivate", new { });
        var flow = JsonNode.Parse(await Client.GetStringAsync("/api/flows/eligibility-check"))!;
        await PostAsync("/api/flows", new { key = "audit-me", name = "Audit me", trigger = new { type = "api" },
            nodes = new object[] { new { id = "start", type = "trigger" }, new { id = "done", type = "end" } }, edges = new object[] { new { from = "start", to = "done" } } });

        var entries = await Audit.ListAsync(new AuditTrail.Filter());
        string[] expected = [AuditActions.ContactSaved, AuditActions.TestRun, AuditActions.Replay, AuditActions.PauseFlow, AuditActions.ResumeFlow, AuditActions.DeactivateFlow, AuditActions.Publish];
        foreach (var action in expected)
        {
            var entry = entries.FirstOrDefault(e => e.Action == action);
            Assert.True(entry is not null, $"no {action} in {string.Join(", ", entries.Select(e => e.Action))}");
            Assert.Equal(owner, entry.Actor);
        }
        if (cancel.Status == 200) Assert.Contains(entries, e => e.Action == AuditActions.Cancel && e.RunId == id);
        Assert.Equal("loan-approval", entries.First(e => e.Action == AuditActions.DeactivateFlow).FlowKey);
        Assert.Equal(test!["id"]!.GetValue<string>(), entries.First(e => e.Action == AuditActions.TestRun).RunId);
        Assert.Contains("version 1 published", entries.First(e => e.Action == AuditActions.Publish).Detail);
        Assert.NotNull(flow);

        // The run's and the flow's own lists hold what concerns them, newest first.
        var forRun = await Audit.ListAsync(new AuditTrail.Filter(RunId: id));
        Assert.All(forRun, e => Assert.Equal(id, e.RunId));
        Assert.Contains(forRun, e => e.Action == AuditActions.Replay);
        var forFlow = await Audit.ListAsync(new AuditTrail.Filter(FlowKey: "loan-approval"));
        Assert.Equal([AuditActions.DeactivateFlow, AuditActions.ResumeFlow, AuditActions.PauseFlow], forFlow.Take(3).Select(e => e.Action));
    }

    [Fact]
    public async Task ACancelledRun_NamesTheKey_NotAHeaderAnyoneCanSet()
    {
        await PutAsync("/api/contacts/c-who", new { name = "Who", attributes = new { firstName = "W", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } });
        var (_, started) = await PostAsync("/api/events", new { contactId = "c-who", name = "loan.submitted", properties = new { amount = 100 } });
        var id = started!["started"]![0]!.GetValue<string>();
        var run = await SettledRunAsync(id);
        Assert.Equal("Waiting", run["status"]!.GetValue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-FlowRuns-User", "somebody-else");
        Assert.Equal(200, (int)(await Client.SendAsync(request)).StatusCode);
        var cancelled = await GetJsonAsync($"/api/runs/{id}");
        var text = cancelled.ToJsonString();
        Assert.DoesNotContain("somebody-else", text);
        Assert.Contains("key " + TestAccess.OwnerKey[..ApiKeys.PrefixLength], text);
        var entry = (await Audit.ListAsync(new AuditTrail.Filter(RunId: id))).Single(e => e.Action == AuditActions.Cancel);
        Assert.False(string.IsNullOrEmpty(entry.Actor));
    }
}
