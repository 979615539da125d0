using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>The shared demo flows, run for the customers of the stories in DESIGN.md.</summary>
public class DemoFlowScenarioTests : EngineScope
{
    private static readonly Dictionary<string, object?> LoanEvent = new() { ["name"] = "loan.submitted", ["amount"] = 5000m };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Engine.PublishDemoFlowsAsync();
    }

    [Fact]
    public async Task LoanApproval_PremiumEmployedContact_TakesPremiumPort_AndWaitsForAcceptance()
    {
        await Engine.CreateContactAsync("c-17", new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 });
        var run = await Engine.RunAsync("loan-approval", "c-17", contactEvent: LoanEvent);

        Assert.Equal(["start", "eligibility", "eligible", "segment", "card-premium", "wait-accept"], run.Steps.Select(s => s.NodeId));
        var segment = run.Steps.Single(s => s.NodeId == "segment");
        Assert.Equal("premium", segment.Port);
        var resolution = Assert.Single(segment.Resolutions);
        Assert.Equal(("customerSegment", "premium", false), (resolution.Reference, resolution.Value!.GetValue<string>(), resolution.Missing));
        Assert.Equal("true", run.Steps.Single(s => s.NodeId == "eligible").Port);
        Assert.Equal("Hi Ana, your loan of 5000 is approved at our premium rate.", run.Steps.Single(s => s.NodeId == "card-premium").Output!["body"]!.GetValue<string>());
        Assert.Equal(("Waiting", "card.completed"), (run.Status, run.WaitingFor));
        Assert.Equal("card", Assert.Single(run.Deliveries).Channel);
        Assert.Contains(run.Events, e => e.Name == "card.sent" && e.StepSequence == 5);
    }

    [Fact]
    public async Task LoanApproval_UnemployedContact_RoutesToDecline()
    {
        await Engine.CreateContactAsync("c-2", new { firstName = "Ben", customerSegment = "premium", employmentStatus = "unemployed", creditLimit = 10000 });
        var run = await Engine.RunAsync("loan-approval", "c-2", contactEvent: LoanEvent);

        Assert.Equal(["start", "eligibility", "eligible", "declined", "done"], run.Steps.Select(s => s.NodeId));
        Assert.Equal("false", run.Steps.Single(s => s.NodeId == "eligible").Port);
        Assert.Equal("Completed", run.Status);
        Assert.Equal("email", Assert.Single(run.Deliveries).Channel);

        var child = await Engine.GetAsync(Guid.Parse(Assert.Single(run.ChildRunIds)));
        var employed = child.Steps.Single(s => s.NodeId == "employed");
        Assert.Equal("false", employed.Port);
        Assert.Equal("unemployed", employed.Resolutions.Single(r => r.Reference == "employmentStatus").Value!.GetValue<string>());
    }

    [Fact]
    public async Task LoanApproval_AmountOverLimit_IsNotEligible()
    {
        await Engine.CreateContactAsync("c-3", new { firstName = "Cleo", customerSegment = "standard", employmentStatus = "employed", creditLimit = 1000 });
        var run = await Engine.RunAsync("loan-approval", "c-3", contactEvent: LoanEvent);
        Assert.Equal("declined", run.Steps[3].NodeId);
        var child = await Engine.GetAsync(Guid.Parse(run.ChildRunIds[0]));
        var limit = child.Steps.Single(s => s.NodeId == "limit");
        Assert.Equal(["amount", "creditLimit"], limit.Resolutions.Select(r => r.Reference));
        Assert.Equal("false", limit.Port);
    }

    [Fact]
    public async Task LoanApproval_UnknownSegment_TakesDefaultToStandardCard()
    {
        await Engine.CreateContactAsync("c-4", new { firstName = "Dev", employmentStatus = "employed", creditLimit = 10000 });
        var run = await Engine.RunAsync("loan-approval", "c-4", contactEvent: LoanEvent);
        var segment = run.Steps.Single(s => s.NodeId == "segment");
        Assert.Equal("default", segment.Port);
        Assert.True(segment.Resolutions[0].Missing);
        Assert.Contains("%{customerSegment} is missing.", segment.Warnings);
        Assert.Equal("card-standard", run.Steps[4].NodeId);
    }

    [Fact]
    public async Task ServiceDisruption_SendsOutageCardWithEventData_AndWaitsForDismiss()
    {
        await Engine.CreateContactAsync("c-5", new { creditAmount = "€10" });
        var run = await Engine.RunAsync("service-disruption", "c-5",
            contactEvent: new Dictionary<string, object?> { ["name"] = "outage.detected", ["area"] = "north", ["eta"] = "18:00" });
        Assert.Equal("Service in north is disrupted. Estimated fix: 18:00.", run.Steps.Single(s => s.NodeId == "notice").Output!["body"]!.GetValue<string>());
        Assert.Equal(("Waiting", "card.dismissed"), (run.Status, run.WaitingFor));
    }

    [Fact]
    public async Task SavingsNudge_HighBalance_SendsInvestmentCard()
    {
        await Engine.CreateContactAsync("c-6", new { firstName = "Eve", balance = 25000 });
        var run = await Engine.RunAsync("savings-nudge", "c-6");
        Assert.Equal(["start", "high-balance", "invest-card", "done"], run.Steps.Select(s => s.NodeId));
        Assert.Equal("Completed", run.Status);
    }
}
