using Bunit;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Runs;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The run header names the run as a person would: flow for contact (by name), the error on the node's label.</summary>
public class RunHeaderTests : EngineComponentTestContext
{
    [Fact]
    public async Task AFailedRun_IsTitledFlowForContact_AndItsErrorNamesTheNodeByLabel()
    {
        await Engine.PublishAsync(Json.Flow("crm-sync", [new { id = "give-up", type = "stopError", label = "Give up on the CRM", message = "the CRM said no" }],
            [new { from = "start", to = "give-up" }]));
        await Engine.CreateContactAsync("c-9", name: "Mara Costa");
        var run = await Engine.RunAsync("crm-sync", "c-9");

        var header = Render<RunHeader>(p => p.Add(h => h.Run, run).Add(h => h.CurrentNodeLabel, "Give up on the CRM"));
        Assert.Equal("h1", header.Find("[data-field=run-title]").TagName.ToLowerInvariant());
        Assert.Contains("for Mara Costa", header.Find("[data-field=run-title]").TextContent);
        var error = header.Find("[data-field=run-error]").TextContent;
        Assert.Contains("at Give up on the CRM:", error);
        Assert.Equal("Mara Costa", header.Find("[data-field=contact]").TextContent);
        Assert.Equal("c-9", header.Find("[data-field=contact]").GetAttribute("title"));
    }
}
