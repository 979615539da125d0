using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>One audience event resumes and starts many runs in parallel; each runs exactly once.</summary>
public class FanOutTests : EngineScope
{
    [Fact]
    public async Task AudienceEvent_Resumes2000WaitingRuns_AllCompleteAndNoneTwice()
    {
        const int contacts = 1000;
        await Engine.PublishAsync(Json.Flow("claim",
            [new { id = "card", type = "send", label = "Card", channel = "card", body = "Claim" }, new { id = "wait", type = "wait", label = "Wait", @event = "card.completed" }, new { id = "thanks", type = "set", label = "Thanks", assign = new Dictionary<string, string> { ["done"] = "true" } }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "card" }, new { from = "card", to = "wait" }, new { from = "wait", to = "thanks", when = "event" }, new { from = "thanks", to = "e" }]));
        for (var i = 0; i < contacts; i++) await Engine.CreateContactAsync($"f-{i}", new { area = i % 10 == 0 ? "south" : "north" });
        var all = new List<RunExecution>();
        for (var i = 0; i < contacts * 2; i++)
            all.Add(await Engine.Engine.StartAsync(new StartRunRequest("claim", RunTrigger.Api) { ContactId = $"f-{i % contacts}" }));
        await Task.WhenAll(all.Select(r => r.Settled));

        var outcome = await Engine.Events.PostToAudienceAsync("card.completed", new Dictionary<string, object?>(), AudienceResolver.Parse("%{area} == \"north\""));
        Assert.Equal(1800, outcome.Resumed.Count);
        Assert.Equal(1800, outcome.Resumed.Distinct().Count());
        Assert.Empty(outcome.Failures);

        var contexts = Engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int completed;
        do
        {
            await using var db = await contexts.CreateDbContextAsync();
            completed = await db.Runs.CountAsync(r => r.Status == RunStatus.Completed);
            if (completed == 1800) break;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(1800, completed);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(200, await db.Runs.CountAsync(r => r.Status == RunStatus.Waiting));
            var visits = await db.Steps.Where(s => s.NodeId == "thanks").GroupBy(s => s.RunKey).Select(g => g.Count()).ToListAsync();
            Assert.Equal(1800, visits.Count);
            Assert.All(visits, v => Assert.Equal(1, v));
            Assert.Equal(2000, await db.Deliveries.CountAsync());
            Assert.Equal(1800, await db.RunEvents.CountAsync(e => e.Name == "card.completed"));
        }
    }

    [Fact]
    public async Task AudienceEvent_StartsRunsForEveryMatchingContact_AndReportsOnesThatFail()
    {
        var flow = Json.Flow("outage", [new { id = "card", type = "send", label = "Card", channel = "sms", body = "Outage in %{event.area}" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "card" }, new { from = "card", to = "e" }], trigger: "event");
        flow["trigger"]!["event"] = "outage.detected";
        await Engine.PublishAsync(flow);
        for (var i = 0; i < 30; i++) await Engine.CreateContactAsync($"o-{i}", new { area = i < 20 ? "north" : "south" }, phone: i == 3 ? null : "+4917");
        var outcome = await Engine.Events.PostToAudienceAsync("outage.detected", new Dictionary<string, object?> { ["area"] = "north" }, AudienceResolver.Parse("%{area} == \"north\""));
        Assert.Equal(20, outcome.Started.Count);
        var runs = new List<FlowRuns.Engine.Persistence.Queries.RunDetail>();
        foreach (var id in outcome.Started) runs.Add(await Engine.WaitForAsync(id, r => r.Status is "Completed" or "Failed"));
        Assert.Single(runs, r => r.Status == "Failed" && r.ContactId == "o-3" && r.Error!.Code == "MISSING_DATA");
        Assert.Equal(19, runs.Count(r => r.Status == "Completed"));
    }
}
