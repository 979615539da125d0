using Bunit;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The deliveries page over a real store: filters from the URL, each row linked to its run and step.</summary>
public class DeliveriesPageTests : EngineComponentTestContext
{
    protected override IEnumerable<Type> EngineServices => [typeof(DeliveryQueries)];

    protected override async Task SeedAsync()
    {
        await Engine.PublishDemoFlowsAsync();
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", balance = 20000 });
        await Engine.CreateContactAsync("c-2", new { firstName = "Ben", balance = 25000 });
    }

    [Fact]
    public async Task Filters_ComeFromTheUrl_BadOnesAreNamed_AndRowsLinkToTheirRunAndStep()
    {
        var run = await Engine.RunAsync("savings-nudge", "c-1");
        await Engine.RunAsync("savings-nudge", "c-2");
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
