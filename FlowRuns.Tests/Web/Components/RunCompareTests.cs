using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using FlowRuns.Web.Components.Pages;
using FlowRuns.Web.Components.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>Two runs compared: where their paths parted, what they read there, both painted side by side, step by step.</summary>
public class RunCompareTests : EngineComponentTestContext
{
    protected override Task SeedAsync() => Engine.PublishDemoFlowsAsync();

    protected override IEnumerable<Type> EngineServices => [typeof(RunQueries), typeof(FlowQueries)];

    protected override void AddMoreServices(IServiceCollection services) => services.AddSingleton(new GraphLayoutCache());

    private async Task<RunDetail> LoanAsync(string contact, string segment)
    {
        await Engine.CreateContactAsync(contact, new { firstName = "Ana", customerSegment = segment, employmentStatus = "employed", creditLimit = 10000 });
        return await Engine.RunAsync("loan-approval", contact, contactEvent: new Dictionary<string, object?> { ["amount"] = 5000m });
    }

    [Fact]
    public async Task TwoRunsThatPartedAtTheSegmentSwitch_ShowWhereAndWhy()
    {
        var premium = await LoanAsync("c-p", "premium");
        var standard = await LoanAsync("c-s", "standard");
        var comparison = RunComparison.Of(premium, standard);
        Assert.Equal("segment", comparison.DivergenceNodeId);
        Assert.Equal(("premium", "standard"), (comparison.Divergence!.Left!.Port, comparison.Divergence.Right!.Port));
        var difference = Assert.Single(comparison.ResolutionDifferences);
        Assert.Equal(("customerSegment", "\"premium\"", "\"standard\""), (difference.Reference, difference.Left, difference.Right));
        // Steps before the switch went the same way (their outputs may differ: each run has its own child run); from it on they differ.
        Assert.All(comparison.Steps.Take(comparison.DivergenceIndex!.Value), s => Assert.True(s.SameNode && s.Left!.Port == s.Right!.Port));
        Assert.True(comparison.Steps[comparison.DivergenceIndex.Value].Differs);

        var page = Render<RunComparePage>(p => p.Add(c => c.LeftId, premium.Id).Add(c => c.RightId, standard.Id));
        page.WaitForElement("[data-field=divergence]");
        // Each canvas draws its graph once it has measured itself (its first view): wait for both.
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".flow-canvas[data-ready=yes]").Count));
        Assert.Contains("Customer segment", page.Find("[data-field=divergence]").TextContent);
        Assert.NotNull(page.Find("[data-field=resolution-differences] tr[data-reference=customerSegment]"));
        Assert.Equal(2, page.FindAll(".compare-side").Count);
        Assert.All(page.FindAll(".compare-side"), side => Assert.Contains("selected", side.QuerySelector(".flow-node[data-node-id=segment]")!.ClassName));
        Assert.Equal("Completed", page.FindAll(".compare-side")[0].QuerySelector(".flow-node[data-node-id=card-premium]")!.GetAttribute("data-status"));
        Assert.Equal("NotReached", page.FindAll(".compare-side")[1].QuerySelector(".flow-node[data-node-id=card-premium]")!.GetAttribute("data-status"));
        Assert.NotEmpty(page.FindAll("[data-field=compare-steps] tr[data-differs=yes]"));
    }

    [Fact]
    public async Task TheSamePath_SaysSo_AndAReplayIsListedOnItsOriginal()
    {
        var first = await LoanAsync("c-1", "premium");
        var replay = await Engine.Engine.ReplayAsync(Guid.Parse(first.Id), null, FlowRuns.Engine.Execution.ReplayVersion.Original);
        await replay!.Committed;
        var second = await Engine.WaitForAsync(replay.Id.ToString("N"), r => r.WaitingFor == "card.completed"); // past its subflow, at the card's wait
        Assert.Null(RunComparison.Of(first, second).Divergence);
        var original = (await Engine.Runs.GetAsync(Guid.Parse(first.Id)))!;
        Assert.Equal([second.Id], original.ReplayRunIds);

        var page = Render<RunComparePage>(p => p.Add(c => c.LeftId, first.Id).Add(c => c.RightId, second.Id));
        page.WaitForAssertion(() => Assert.Contains("same path", page.Find("[data-field=divergence]").TextContent));
        var header = Render<RunHeader>(p => p.Add(c => c.Run, original));
        Assert.Equal($"/runs/{first.Id}/compare/{second.Id}", header.Find("[data-link=compare-replay]").GetAttribute("href"));
    }

    [Fact]
    public void AnUnknownRun_SaysSo()
    {
        var page = Render<RunComparePage>(p => p.Add(c => c.LeftId, Guid.NewGuid().ToString("N")).Add(c => c.RightId, "nope"));
        page.WaitForAssertion(() => Assert.Contains("No run has the id", page.Find("[data-field=compare-error]").TextContent));
    }
}
