using FlowRuns.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Nodes;

public class DelayNodeTests : EngineScope
{
    // Friday 2026-11-20 18:30 UTC: after business hours on a Friday.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 18, 30, 0, TimeSpan.Zero));

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private async Task<FlowRuns.Engine.Persistence.Queries.RunDetail> RunDelayAsync(object delay, object? data = null)
    {
        await Engine.PublishAsync(Json.Flow("d", [delay, new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "delay" }, new { from = "delay", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        return await Engine.RunAsync("d", "c-1", data);
    }

    [Fact]
    public async Task DelayNode_Duration_StoresWakeTime()
    {
        var run = await RunDelayAsync(new { id = "delay", type = "delay", label = "D", duration = "PT2H" });
        Assert.Equal("Waiting", run.Status);
        Assert.Equal(_time.GetUtcNow().AddHours(2), run.WakeAt);
        Assert.Null(run.WaitingFor);
        Assert.Equal("delay.scheduled", Assert.Single(run.Events).Name);
    }

    [Fact]
    public async Task DelayNode_Until_EvaluatesTheExpression()
    {
        var run = await RunDelayAsync(new { id = "delay", type = "delay", label = "D", until = "%{appointment}" }, new { appointment = "2026-11-25T08:00:00Z" });
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), run.WakeAt);
        Assert.Equal("appointment", Assert.Single(run.Steps.Last().Resolutions).Reference);
    }

    [Fact]
    public async Task DelayNode_UntilNotATime_FailsTheRun()
    {
        var run = await RunDelayAsync(new { id = "delay", type = "delay", label = "D", until = "%{appointment}" }, new { appointment = "soon" });
        Assert.Equal("Failed", run.Status);
        Assert.Equal("EXPRESSION_ERROR", run.Error!.Code);
    }

    [Fact]
    public async Task DelayNode_BusinessHoursOnFridayEvening_WakesMondayMorning()
    {
        var run = await RunDelayAsync(new { id = "delay", type = "delay", label = "D", businessHours = true });
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), run.WakeAt);
    }
}
