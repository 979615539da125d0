using Microsoft.Extensions.DependencyInjection;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class DeliveriesApiTests : ApiScope
{
    protected override bool SeedDemo => false;

    [Fact]
    public async Task Deliveries_AreListedNewestFirst_LinkedToTheirRunAndStep_AndFilterable()
    {
        await PostAsync("/api/flows", Json.Flow("two", [
            new { id = "card", type = "send", label = "Card", channel = "card", body = "Hi" },
            new { id = "mail", type = "send", label = "Mail", channel = "email", body = "Hi" },
            new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "card" }, new { from = "card", to = "mail" }, new { from = "mail", to = "e" }]));
        await PutAsync("/api/contacts/c-1", new { name = "Ana", email = "ana@example.com", attributes = new { emailOptOut = true } });
        await PutAsync("/api/contacts/c-2", new { name = "Ben", email = "ben@example.com" });
        var first = (await StartRunAsync("two", new { contactId = "c-1" }))["id"]!.GetValue<string>();
        await StartRunAsync("two", new { contactId = "c-2" });

        var all = (await GetJsonAsync("/api/deliveries"))["items"]!.AsArray();
        Assert.Equal(4, all.Count);
        var mine = (await GetJsonAsync($"/api/deliveries?run={first}"))["items"]!.AsArray();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, d => Assert.Equal(first, d!["runId"]!.GetValue<string>()));
        Assert.Equal([3, 2], mine.Select(d => d!["stepSequence"]!.GetValue<int>()));
        var suppressed = Assert.Single((await GetJsonAsync("/api/deliveries?status=suppressed"))["items"]!.AsArray());
        Assert.Equal(("c-1", "email"), (suppressed!["contactId"]!.GetValue<string>(), suppressed["channel"]!.GetValue<string>()));
        Assert.Equal(2, (await GetJsonAsync("/api/deliveries?contact=c-2"))["items"]!.AsArray().Count);
        Assert.Equal(2, (await GetJsonAsync("/api/deliveries?channel=card"))["items"]!.AsArray().Count);
        Assert.Empty((await GetJsonAsync($"/api/deliveries?run={Guid.NewGuid():N}"))["items"]!.AsArray());
        foreach (var bad in new[] { "run=zzz", "channel=fax", "status=lost", "limit=0", "cursor=abc", "range=forever", "from=yesterday", "range=7d&from=2026-01-01T00:00:00Z" })
            Assert.Equal(400, (int)(await Client.GetAsync("/api/deliveries?" + bad)).StatusCode);
        Assert.Equal(4, (await GetJsonAsync("/api/deliveries?flow=two&range=24h"))["items"]!.AsArray().Count);
        Assert.Empty((await GetJsonAsync("/api/deliveries?flow=other"))["items"]!.AsArray());
        Assert.Empty((await GetJsonAsync("/api/deliveries?to=2020-01-01T00:00:00Z"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Pages_FollowNext_ThroughEveryAttempt_AndEndWithNoNext()
    {
        await PostAsync("/api/flows", Json.Flow("one", [new { id = "card", type = "send", label = "Card", channel = "card", body = "Hi" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "card" }, new { from = "card", to = "e" }]));
        await PutAsync("/api/contacts/c-1", new { name = "Ana" });
        for (var i = 0; i < 7; i++) await StartRunAsync("one", new { contactId = "c-1" });
        var ids = new List<string>();
        var url = "/api/deliveries?limit=3";
        for (var page = 0; page < 10; page++)
        {
            var body = await GetJsonAsync(url);
            ids.AddRange(body["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
            if (body["next"] is not { } next) break;
            url = "/api/deliveries?limit=3&cursor=" + Uri.EscapeDataString(next.GetValue<string>());
        }
        Assert.Equal(7, ids.Distinct().Count());
        Assert.Equal(7, ids.Count);
        var all = (await GetJsonAsync("/api/deliveries"))["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>());
        Assert.Equal(all, ids);
    }

    [Fact]
    public async Task Resend_Creates_AnAttemptWithNoRun_LinkedToTheOriginal_Audited_Or409WithTheReason()
    {
        await PostAsync("/api/flows", Json.Flow("one", [new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "Hi" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "sms" }, new { from = "sms", to = "e" }]));
        await PutAsync("/api/contacts/c-1", new { name = "Ana", phone = "+4917" });
        var run = (await StartRunAsync("one", new { contactId = "c-1" }))["id"]!.GetValue<string>();
        var original = (await GetJsonAsync($"/api/deliveries?run={run}"))["items"]![0]!["id"]!.GetValue<string>();

        var (status, resent) = await PostAsync($"/api/deliveries/{original}/resend", null);
        Assert.Equal(201, status);
        Assert.Equal((original, "+4917", "sms"), (resent!["resendOf"]!.GetValue<string>(), resent["recipient"]!.GetValue<string>(), resent["channel"]!.GetValue<string>()));
        Assert.Null(resent["runId"]);
        Assert.False(string.IsNullOrEmpty(resent["resentBy"]!.GetValue<string>()));
        var again = await GetJsonAsync($"/api/deliveries/{resent["id"]!.GetValue<string>()}");
        Assert.Equal(original, again["resendOf"]!.GetValue<string>());
        var audit = await App.Services.GetRequiredService<FlowRuns.Web.Access.AuditTrail>().ListAsync(new(Action: FlowRuns.Web.Access.AuditActions.DeliveryResent));
        Assert.Contains(audit, e => e.Detail.Contains(original));

        await PutAsync("/api/contacts/c-1", new { name = "Ana", phone = "+4917", attributes = new { smsOptOut = true } });
        var (refused, problem) = await PostAsync($"/api/deliveries/{original}/resend", null);
        Assert.Equal(409, refused);
        Assert.Contains("opted out of sms", problem!["detail"]!.GetValue<string>());
        Assert.Equal(404, (await PostAsync($"/api/deliveries/{Guid.NewGuid():N}/resend", null)).Status);
        Assert.Equal(400, (await PostAsync("/api/deliveries/not-an-id/resend", null)).Status);
        Assert.Equal(2, (await GetJsonAsync("/api/deliveries"))["items"]!.AsArray().Count);
    }
}
