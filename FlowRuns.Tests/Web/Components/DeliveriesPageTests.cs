using Bunit;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The deliveries page over a real store: filters from the URL, each row linked to its run and step.</summary>
public class DeliveriesPageTests : EngineComponentTestContext
{
    protected override IEnumerable<Type> EngineServices => [typeof(DeliveryQueries), typeof(FlowQueries), typeof(DeliveryResender), typeof(TimeProvider)];

    /// <summary>What the page needs to resend (never called here): who is signed in and the audit trail (an empty access store).</summary>
    protected override void AddMoreServices(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<OperatorContext>();
        services.AddDbContextFactory<AccessDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddSingleton<AuditTrail>();
    }

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

    [Fact]
    public async Task ShowOlder_AddsTheNextKeysetPage_UntilAllAreShown_EachRowWithContactNameAndRecipientApart()
    {
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", balance = 20000 }, name: "Ana Lima", email: "ana@example.com");
        for (var i = 0; i < 3; i++) await Engine.RunAsync("savings-nudge", "c-1");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/deliveries?limit=2");

        var page = Render<DeliveriesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-field=delivery-run]").Count));
        Assert.All(page.FindAll("[data-field=delivery-contact]"), a => Assert.Equal(("Ana Lima", "c-1"), (a.TextContent, a.GetAttribute("title"))));
        Assert.All(page.FindAll("[data-field=recipient]"), td => Assert.Equal("c-1", td.TextContent.Trim()));
        Assert.Equal(2, page.FindAll("[data-action=resend]").Count);
        page.Find("[data-action=load-older]").Click();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-field=delivery-run]").Count));
        Assert.Empty(page.FindAll("[data-action=load-older]"));
        Assert.Contains("all that match", page.Find("[data-field=shown-count]").TextContent);
        Assert.Equal(3, page.FindAll("[data-delivery-id]").Select(e => e.GetAttribute("data-delivery-id")).Distinct().Count());
    }

    [Fact]
    public async Task AViewer_SeesNoResendButton()
    {
        await Engine.RunAsync("savings-nudge", "c-1");
        Authorization.SetRoles(Roles.Viewer);
        Authorization.SetPolicies(Roles.Policies.Read);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/deliveries");
        var page = Render<DeliveriesPage>();
        page.WaitForElement("[data-field=delivery-run]");
        Assert.Empty(page.FindAll("[data-action=resend]"));
    }
}
