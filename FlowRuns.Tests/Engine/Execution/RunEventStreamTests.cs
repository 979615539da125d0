using FlowRuns.Engine.Events;
using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Engine.Execution;

public class RunEventStreamTests : EngineScope
{
    private async Task PublishChainAsync(int length)
    {
        var nodes = Enumerable.Range(1, length).Select(i => (object)new { id = $"s{i}", type = "set", label = $"S{i}", assign = new Dictionary<string, string> { [$"v{i}"] = $"{i}" } })
            .Append(new { id = "e", type = "end", label = "E" }).ToArray();
        var edges = new List<object> { new { from = "start", to = "s1" } };
        for (var i = 1; i < length; i++) edges.Add(new { from = $"s{i}", to = $"s{i + 1}" });
        edges.Add(new { from = $"s{length}", to = "e" });
        await Engine.PublishAsync(Json.Flow("chain", nodes, edges.ToArray()));
        await Engine.CreateContactAsync("c-1");
    }

    [Fact]
    public async Task Subscriber_ReceivesEveryChangeInOrder_AfterItIsCommitted()
    {
        await PublishChainAsync(3);
        using var subscription = Engine.Services.GetRequiredService<IRunEventStream>().Subscribe();
        var run = await Engine.RunAsync("chain", "c-1");

        var received = new List<RunStreamEvent>();
        while (subscription.Reader.TryRead(out var change)) received.Add(change);
        Assert.All(received, e => Assert.Equal(run.Id, e.RunId.ToString("N")));
        Assert.Equal(Enumerable.Range(1, run.Sequence), received.Select(e => e.Sequence));
        Assert.Equal(["start", "s1", "s2", "s3", "e"], received.OfType<StepChanged>().Select(s => s.NodeId));
        Assert.Equal([RunStatus.Pending, RunStatus.Running, RunStatus.Completed], received.OfType<RunChanged>().Select(r => r.Status));
        Assert.Equal(0, subscription.Dropped);
    }

    [Fact]
    public async Task Subscriber_SeesOnlyCommittedSteps_WhenItReadsTheStore()
    {
        await PublishChainAsync(2);
        using var subscription = Engine.Services.GetRequiredService<IRunEventStream>().Subscribe();
        var execution = await Engine.Engine.StartAsync(new StartRunRequest("chain", RunTrigger.Api) { ContactId = "c-1" });
        var first = await subscription.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var stored = await Engine.Runs.GetAsync(first.RunId);
        Assert.NotNull(stored);
        Assert.True(stored.Sequence >= first.Sequence);
        await execution.Settled;
    }

    [Fact]
    public async Task SlowSubscriber_LosesEventsAndKnows_WithoutSlowingTheEngine()
    {
        await PublishChainAsync(20);
        using var slow = Engine.Services.GetRequiredService<IRunEventStream>().Subscribe(capacity: 4);
        var run = await Engine.RunAsync("chain", "c-1");
        Assert.Equal("Completed", run.Status);
        Assert.Equal(run.Sequence - 4, slow.Dropped);
        var kept = new List<RunStreamEvent>();
        while (slow.Reader.TryRead(out var change)) kept.Add(change);
        Assert.Equal([1, 2, 3, 4], kept.Select(k => k.Sequence));
    }
}
