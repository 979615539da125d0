using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Persistence;

/// <summary>A run is found by any part of its id (as shown, 8 hex digits or more): the end the lists show, its start, its middle.</summary>
public class RunIdLookupTests : EngineScope
{
    [Fact]
    public async Task AnyUniquePartOfTheId_FindsTheRun_APartTwoIdsShareFindsBoth()
    {
        await Engine.PublishAsync(Json.Flow("ids", [new { id = "e", type = "end", label = "E" }], [new { from = "start", to = "e" }]));
        await Engine.CreateContactAsync("c-1");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await Engine.RunAsync("ids", "c-1")).Id);
        var id = ids[1];

        Assert.Equal([Guid.Parse(id)], await Engine.Runs.FindByIdFragmentAsync(id[^8..]));          // the end the lists show
        Assert.Equal([Guid.Parse(id)], await Engine.Runs.FindByIdFragmentAsync(id[4..20].ToUpperInvariant())); // across the byte-reversed groups
        Assert.Equal([Guid.Parse(id)], await Engine.Runs.FindByIdFragmentAsync(Guid.Parse(id).ToString("D")[9..23])); // with dashes
        Assert.Equal(2, (await Engine.Runs.FindByIdFragmentAsync(id[..8])).Count); // time-ordered ids share their start: not unique
        Assert.Empty(await Engine.Runs.FindByIdFragmentAsync("0123456789abcdef0123"));
        Assert.Empty(await Engine.Runs.FindByIdFragmentAsync(id[^7..])); // too short
        Assert.Empty(await Engine.Runs.FindByIdFragmentAsync("zzzzzzzzzz"));
    }
}
