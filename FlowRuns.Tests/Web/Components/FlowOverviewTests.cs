using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Flows;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>A flow's Overview, rendered over a real store: the stat cards and the 30-day chart.</summary>
public class FlowOverviewTests : EngineComponentTestContext
{
    protected override IEnumerable<Type> EngineServices => [typeof(FlowStatsQueries), typeof(PerformanceQueries)];

    protected override async Task SeedAsync()
    {
        await Engine.PublishAsync(Json.Flow("checks",
            [
                new { id = "check", type = "condition", label = "Check", expression = "%{ok} == true" },
                new { id = "bad", type = "stopError", label = "Bad", code = "NOPE", message = "no" },
                new { id = "e", type = "end", label = "E" },
            ],
            [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "e" }, new { from = "check", when = "false", to = "bad" }]));
        await Engine.CreateContactAsync("c-1");
    }

    private string Stat(IRenderedComponent<FlowOverviewPanel> panel, string name) => panel.Find($"[data-stat={name}] [data-field=value]").TextContent;

    [Fact]
    public async Task StatCards_ShowTotalsAndSuccessRate_AndTheChartHasTodaysRuns()
    {
        await Engine.RunAsync("checks", "c-1", new { ok = true });
        await Engine.RunAsync("checks", "c-1", new { ok = false });
        await Engine.RunAsync("checks", "c-1", new { ok = false });
        await Engine.RunAsync("checks", "c-1", new { ok = true });

        var panel = Render<FlowOverviewPanel>(p => p.Add(o => o.FlowKey, "checks"));
        panel.WaitForElement("[data-stat=total]");
        Assert.Equal("4", Stat(panel, "total"));
        Assert.Equal("2", Stat(panel, "completed"));
        Assert.Equal("2", Stat(panel, "failed"));
        Assert.Equal((0.5).ToString("P1"), Stat(panel, "success-rate"));
        Assert.Equal("just now", Stat(panel, "last-run"));
        Assert.NotNull(panel.Find("[data-field=daily-chart] svg"));
        Assert.Empty(panel.FindAll("[data-field=chart-empty]"));
        Assert.Contains("check", panel.Find("[data-field=slowest-steps]").TextContent);
    }

    [Fact]
    public void NoRunsYet_SaysSo_InsteadOfAnEmptyChart()
    {
        var panel = Render<FlowOverviewPanel>(p => p.Add(o => o.FlowKey, "checks"));
        panel.WaitForElement("[data-stat=total]");
        Assert.Equal("0", Stat(panel, "total"));
        Assert.Equal("—", Stat(panel, "success-rate"));
        Assert.Equal("never", Stat(panel, "last-run"));
        Assert.NotNull(panel.Find("[data-field=chart-empty]"));
    }

    [Fact]
    public void UnknownFlow_IsAnErrorMessage()
    {
        var panel = Render<FlowOverviewPanel>(p => p.Add(o => o.FlowKey, "nope"));
        panel.WaitForAssertion(() => Assert.Contains("No flow has the key 'nope'", panel.Markup));
    }
}
