using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Runs.History;
using FlowRuns.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The run history as a page uses it: the URL is the filter state, the filter bar writes it back, and the CSV
/// export link carries exactly the filters on screen.</summary>
public class RunHistoryTests : EngineComponentTestContext
{
    protected override IEnumerable<Type> EngineServices => [typeof(FlowQueries), typeof(RunQueries)];

    protected override void AddMoreServices(IServiceCollection services)
    {
        services.AddScoped<RunFeed>();
        services.AddSingleton<ILiveBackplane, InProcessBackplane>();
        services.AddSingleton<NodeHubAddress>();
        services.AddSingleton(new FlowRuns.Web.Access.CircuitHubTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));
        services.AddLogging();
    }

    protected override async Task SeedAsync()
    {
        await Engine.PublishDemoFlowsAsync();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void UrlFilters_ShowAsChips_AndTheExportLinkCarriesThem()
    {
        Navigation.NavigateTo("/runs?status=Failed,Waiting&flow=loan-approval&version=1&trigger=event&range=7d");
        var history = Render<RunHistory>(p => p.Add(h => h.BaseUri, "/runs"));

        history.WaitForAssertion(() => Assert.Equal(["status", "flow", "version", "trigger", "range"],
            history.FindAll("[data-active-filter]").Select(c => c.GetAttribute("data-active-filter"))));
        Assert.Equal("/api/runs/export.csv?status=Failed,Waiting&flow=loan-approval&version=1&trigger=event&range=7d",
            history.Find("[data-field=export-csv]").GetAttribute("href"));
        Assert.Empty(history.FindAll("[data-field=dropped-filters]"));
    }

    [Fact]
    public void ClickingAChip_WritesTheFiltersBackIntoTheUrl()
    {
        Navigation.NavigateTo("/runs?flow=loan-approval&range=24h");
        var history = Render<RunHistory>(p => p.Add(h => h.BaseUri, "/runs"));
        // Initialized: the chosen flow's versions are read and offered.
        history.WaitForElement("[data-field=version-filter]");

        history.Find("[data-status-chip=Failed]").Click();
        history.WaitForAssertion(() => Assert.EndsWith("/runs?status=Failed&flow=loan-approval&range=24h", Navigation.Uri));
        history.WaitForAssertion(() => Assert.Equal("true", history.Find("[data-status-chip=Failed]").GetAttribute("aria-pressed")));

        history.WaitForAssertion(() => Assert.NotNull(history.Find("[data-active-filter=status]")));
        history.Find("[data-active-filter=range] .mud-chip-close-button").Click();
        history.WaitForAssertion(() => Assert.EndsWith("/runs?status=Failed&flow=loan-approval", Navigation.Uri));
        history.WaitForAssertion(() => Assert.Empty(history.FindAll("[data-active-filter=range]")));
        history.Find("[data-field=clear-all]").Click();
        history.WaitForAssertion(() => Assert.EndsWith("/runs", Navigation.Uri));
    }

    [Fact]
    public void OnAFlowTab_TheFlowStaysFixed_AndFiltersFollowTheTabInTheUrl()
    {
        Navigation.NavigateTo("/flows/loan-approval?tab=runs&version=1");
        var history = Render<RunHistory>(p => p.Add(h => h.BaseUri, "/flows/loan-approval?tab=runs").Add(h => h.FixedFlow, "loan-approval"));
        history.WaitForElement("[data-field=version-filter]");

        Assert.Empty(history.FindAll("[data-active-filter=flow]"));
        Assert.Equal("/api/runs/export.csv?flow=loan-approval&version=1", history.Find("[data-field=export-csv]").GetAttribute("href"));
        history.Find("[data-status-chip=Completed]").Click();
        history.WaitForAssertion(() => Assert.EndsWith("/flows/loan-approval?tab=runs&status=Completed&version=1", Navigation.Uri));
    }

    [Fact]
    public void BadValuesInTheUrl_AreDroppedWithANoticeThatNamesThem()
    {
        Navigation.NavigateTo("/runs?status=Exploded&range=forever&contact=c-1");
        var history = Render<RunHistory>(p => p.Add(h => h.BaseUri, "/runs"));

        var notice = history.Find("[data-field=dropped-filters]").TextContent;
        Assert.Contains("status", notice);
        Assert.Contains("'forever' is not a range", notice);
        Assert.Equal(["contact"], history.FindAll("[data-active-filter]").Select(c => c.GetAttribute("data-active-filter")));
    }
}
