using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The deliveries page over a real store: filters from the URL, each row linked to its run and step.</summary>
public class DeliveriesPageTests : ComponentTestContext, IAsyncLifetime
{
    private TestEngine _engine = null!;

    protected override void AddServices(IServiceCollection services) =>
        services.AddSingleton(_ => _engine.Services.GetRequiredService<DeliveryQueries>());

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await _engine.PublishDemoFlowsAsync();
        await _engine.CreateContactAsync("c-1", new { firstName = "Ana", balance = 20000 });
        await _engine.CreateContactAsync("c-2", new { firstName = "Ben", balance = 25000 });
    }

    public new async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Filters_ComeFromTheUrl_BadOnesAreNamed_AndRowsLinkToTheirRunAndStep()
    {
        var run = await _engine.RunAsync("savings-nudge", "c-1");
        await _engine.RunAsync("savings-nudge", "c-2");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/deliveries?contact=c-1&status=bogus");

        var page = Render<DeliveriesPage>();
        page.WaitForElement("[data-field=deliveries]");
        Assert.Contains("status", page.Find("[data-field=dropped-filters]").TextContent);
        var link = page.Find("[data-field=delivery-run]");
        Assert.Equal($"/runs/{run.Id}", link.GetAttribute("href"));
        Assert.Single(page.FindAll("[data-field=delivery-run]"));
        Assert.Contains($"step {run.Deliveries.Single().StepSequence}", link.ParentElement!.TextContent);
    }

    [Fact]
    public void NoDeliveries_SaysSo()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/deliveries?channel=sms");
        var page = Render<DeliveriesPage>();
        page.WaitForElement("[data-field=empty]");
        Assert.Empty(page.FindAll("[data-field=dropped-filters]"));
    }
}
