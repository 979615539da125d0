using Microsoft.Extensions.DependencyInjection;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

public class VersioningTests : EngineScope
{
    private static System.Text.Json.Nodes.JsonObject Flow(string label, string? versionName = null)
    {
        var flow = Json.Flow("v", [new { id = "wait", type = "wait", label, @event = "go" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "wait" }, new { from = "wait", to = "e", when = "event" }]);
        if (versionName is not null) flow["versionName"] = versionName;
        return flow;
    }

    [Fact]
    public async Task Publish_FirstCreatesV1_IdenticalCreatesNothing_ChangedCreatesNext()
    {
        var first = await Engine.PublishAsync(Flow("Wait"));
        var same = await Engine.PublishAsync(Flow("Wait", versionName: "only a name"));
        var changed = await Engine.PublishAsync(Flow("Wait for go"));
        Assert.Equal((1, true), (first.Version, first.Created));
        Assert.Equal((1, false), (same.Version, same.Created));
        Assert.Equal((2, true), (changed.Version, changed.Created));
    }

    [Fact]
    public async Task RunInProgress_KeepsTheVersionItStartedOn()
    {
        await Engine.PublishAsync(Flow("Wait"));
        await Engine.CreateContactAsync("c-1");
        var before = await Engine.RunAsync("v", "c-1");
        await Engine.PublishAsync(Flow("Wait v2"));
        var after = await Engine.RunAsync("v", "c-1");
        Assert.Equal(1, (await Engine.GetAsync(Guid.Parse(before.Id))).Version);
        Assert.Equal(2, after.Version);
        var flow = await Engine.Services.GetService<FlowRuns.Engine.Persistence.Queries.FlowQueries>()!.GetAsync("v", 1);
        Assert.Equal("Wait", flow!.Definition["nodes"]![1]!["label"]!.GetValue<string>());
    }
}
