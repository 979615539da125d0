using FlowRuns.Engine.Persistence;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>A due run the store holds in a shape the engine can't go on from fails once, with the reason — it is not retried on every tick.</summary>
public class UnresumableRunTests : EngineScope
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    [Theory]
    [InlineData("UPDATE \"Steps\" SET \"NodeId\" = 'gone' WHERE \"NodeId\" = 'pause'", "gone")]
    [InlineData("UPDATE \"Steps\" SET \"Status\" = 3 WHERE \"NodeId\" = 'pause'", "Completed")]
    public async Task ADueRunWhoseStepsTheEngineCantGoOnFrom_FailsWithTheReason(string tamper, string reason)
    {
        await Engine.PublishAsync(Json.Flow("delayed",
            [new { id = "pause", type = "delay", label = "Pause", duration = "PT1H" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "pause" }, new { from = "pause", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var run = await Engine.RunAsync("delayed", "c-1");
        Assert.Equal("Waiting", run.Status);
        await using (var db = await Engine.Services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(tamper));

        _time.Advance(TimeSpan.FromHours(1));
        var failed = await Engine.WaitForStatusAsync(run.Id, "Failed");
        Assert.Equal("INTERNAL_ERROR", failed.Error!.Code);
        Assert.Contains("could not be resumed", failed.Error.Message);
        Assert.Contains(reason, failed.Error.Detail);
        // Failed, not waiting: the next tick has nothing to retry.
        await Engine.TickAsync();
        Assert.Equal("Failed", (await Engine.GetAsync(Guid.Parse(run.Id))).Status);
    }
}
