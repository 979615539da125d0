using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class SendNodeTests : EngineScope
{
    private Task PublishAsync(string channel, string? to = null) => Engine.PublishAsync(Json.Flow("send",
        [
            to is null
                ? new { id = "msg", type = "send", label = "Message", channel, title = "Hello", body = "Hi %{firstName}, offer for %{area}.", actions = new[] { "complete", "dismiss" } }
                : (object)new { id = "msg", type = "send", label = "Message", channel, body = "Hi", to },
            new { id = "done", type = "end", label = "Done" },
        ],
        [new { from = "start", to = "msg" }, new { from = "msg", to = "done" }]));

    [Fact]
    public async Task SendNode_Card_RendersMessage_RecordsDeliveryInInbox_AndCardSentEvent()
    {
        await PublishAsync("card");
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", area = "north" });
        var run = await Engine.RunAsync("send", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "msg");
        Assert.Equal("Completed", step.Status);
        Assert.Equal("Hi Ana, offer for north.", step.Output!["body"]!.GetValue<string>());
        Assert.Equal("Hello", step.Output["title"]!.GetValue<string>());
        var delivery = Assert.Single(run.Deliveries);
        Assert.Equal(("card", "c-1", "sent", "new", step.Sequence), (delivery.Channel, delivery.Recipient, delivery.Status, delivery.InboxState, delivery.StepSequence));
        Assert.Equal(["complete", "dismiss"], delivery.Actions);
        Assert.Equal(delivery.Id, step.Output["deliveryId"]!.GetValue<string>());
        var sent = Assert.Single(run.Events);
        Assert.Equal(("card.sent", step.Sequence), (sent.Name, sent.StepSequence));
    }

    [Fact]
    public async Task SendNode_SmsWithoutPhone_FailsWithMissingData()
    {
        await PublishAsync("sms");
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", area = "n" }, phone: null);
        var run = await Engine.RunAsync("send", "c-1");
        Assert.Equal("Failed", run.Status);
        Assert.Equal("MISSING_DATA", run.Error!.Code);
        Assert.Contains("has no phone number", run.Error.Message);
        Assert.Empty(run.Deliveries);
        Assert.Equal("Failed", run.Steps.Single(s => s.NodeId == "msg").Status);
    }

    [Fact]
    public async Task SendNode_EmailToOptedOutContact_IsSkippedWithWarningAndSuppressedDelivery()
    {
        await PublishAsync("email");
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", area = "n", emailOptOut = true });
        var run = await Engine.RunAsync("send", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "msg");
        Assert.Equal("Skipped", step.Status);
        Assert.Contains(step.Warnings, w => w.StartsWith("OPTED_OUT"));
        Assert.Equal("suppressed", Assert.Single(run.Deliveries).Status);
        Assert.Empty(run.Events);
        Assert.Equal("Completed", run.Status);
    }

    [Fact]
    public async Task SendNode_MissingTemplateVariable_SendsWithWarning()
    {
        await PublishAsync("push");
        await Engine.CreateContactAsync("c-1", new { area = "n" });
        var run = await Engine.RunAsync("send", "c-1");
        var step = run.Steps.Single(s => s.NodeId == "msg");
        Assert.Equal("Completed", step.Status);
        Assert.Contains("%{firstName} is missing.", step.Warnings);
        Assert.True(step.Resolutions.Single(r => r.Reference == "firstName").Missing);
    }

    [Fact]
    public async Task SendNode_ExplicitRecipient_IsRendered()
    {
        await PublishAsync("email", to: "%{managerEmail}");
        await Engine.CreateContactAsync("c-1", new { managerEmail = "boss@example.com" });
        var run = await Engine.RunAsync("send", "c-1");
        Assert.Equal("boss@example.com", Assert.Single(run.Deliveries).Recipient);
    }
}
