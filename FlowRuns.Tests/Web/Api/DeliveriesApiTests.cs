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

        var all = (await GetJsonAsync("/api/deliveries")).AsArray();
        Assert.Equal(4, all.Count);
        var mine = (await GetJsonAsync($"/api/deliveries?run={first}")).AsArray();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, d => Assert.Equal(first, d!["runId"]!.GetValue<string>()));
        Assert.Equal([3, 2], mine.Select(d => d!["stepSequence"]!.GetValue<int>()));
        var suppressed = Assert.Single((await GetJsonAsync("/api/deliveries?status=suppressed")).AsArray());
        Assert.Equal(("c-1", "email"), (suppressed!["contactId"]!.GetValue<string>(), suppressed["channel"]!.GetValue<string>()));
        Assert.Equal(2, (await GetJsonAsync("/api/deliveries?contact=c-2")).AsArray().Count);
        Assert.Equal(2, (await GetJsonAsync("/api/deliveries?channel=card")).AsArray().Count);
        Assert.Empty((await GetJsonAsync($"/api/deliveries?run={Guid.NewGuid():N}")).AsArray());
        foreach (var bad in new[] { "run=zzz", "channel=fax", "status=lost", "limit=0" })
            Assert.Equal(400, (int)(await Client.GetAsync("/api/deliveries?" + bad)).StatusCode);
    }
}
