using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowRuns.Tests.Engine.Deliveries;

/// <summary>
/// A manual resend: the same message as a new attempt with no run, linked to its original and naming who resent it;
/// refused (nothing stored, nothing sent) for an opted-out contact or an unknown attempt; written before an outside
/// provider is called.
/// </summary>
public class ResendTests : EngineScope
{
    private DeliveryResender Resender => Engine.Services.GetRequiredService<DeliveryResender>();
    private DeliveryQueries Deliveries => Engine.Services.GetRequiredService<DeliveryQueries>();

    private Task PublishCardAndSmsAsync(TestEngine engine) => engine.PublishAsync(Json.Flow("notify", [
            new { id = "card", type = "send", label = "Card", channel = "card", title = "Your loan", body = "Hi %{firstName}", actions = new[] { "complete" } },
            new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "Check the app" },
            new { id = "e", type = "end", label = "E" }],
        [new { from = "start", to = "card" }, new { from = "card", to = "sms" }, new { from = "sms", to = "e" }]));

    [Fact]
    public async Task AResend_IsANewAttemptWithNoRun_LinkedToItsOriginal_InTheContactsInbox()
    {
        await PublishCardAndSmsAsync(Engine);
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana" }, name: "Ana Lima");
        var run = await Engine.RunAsync("notify", "c-1");
        var card = run.Deliveries.Single(d => d.Channel == "card");

        var outcome = await Resender.ResendAsync(Guid.Parse(card.Id), "ana.care@example.com");
        var resent = outcome.Attempt!;
        Assert.NotEqual(card.Id, resent.Id);
        Assert.Null(resent.RunId);
        Assert.Null(resent.StepSequence);
        Assert.Equal((card.Id, "ana.care@example.com"), (resent.ResendOf, resent.ResentBy));
        Assert.Equal((card.Channel, card.Recipient, card.Title, card.Body, "Hi Ana"), (resent.Channel, resent.Recipient, resent.Title, resent.Body, resent.Body));
        Assert.Equal(card.Actions, resent.Actions);
        Assert.Equal((DeliveryStatuses.Sent, "new", "notify", "Ana Lima"), (resent.Status, resent.InboxState, resent.Flow, resent.ContactName));
        var newest = (await Deliveries.ListAsync(new DeliveryListFilter { Contact = "c-1" })).Items;
        Assert.Equal(resent.Id, newest[0].Id);
        Assert.Equal(3, newest.Count);
        // The original run is untouched.
        Assert.Equal(2, (await Engine.Runs.GetAsync(Guid.Parse(run.Id)))!.Deliveries.Count);
    }

    [Fact]
    public async Task AResend_IsRefused_ForAContactWhoHasSinceOptedOut_AndForAnUnknownAttempt_NothingStored()
    {
        await PublishCardAndSmsAsync(Engine);
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana" });
        var run = await Engine.RunAsync("notify", "c-1");
        var sms = run.Deliveries.Single(d => d.Channel == "sms");
        await Engine.CreateContactAsync("c-1", new { firstName = "Ana", smsOptOut = true });

        var refused = await Resender.ResendAsync(Guid.Parse(sms.Id), "someone");
        Assert.Null(refused.Attempt);
        Assert.Contains("opted out of sms", refused.Refusal);
        Assert.True((await Resender.ResendAsync(Guid.NewGuid(), "someone")).NotFound);
        Assert.Equal(2, (await Deliveries.ListAsync(new DeliveryListFilter())).Items.Count);
    }

    /// <summary>An outside provider that, when called, reads what the store already holds for the message it is given.</summary>
    private sealed class OutsideProvider(IServiceProvider services) : IChannelProvider
    {
        public List<string?> StoredStatusWhenCalled { get; } = [];

        public bool IsTransactional => false;

        public async ValueTask<DeliveryOutcome> DeliverAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync(cancellationToken);
            StoredStatusWhenCalled.Add(await db.Deliveries.Where(d => d.Id == message.DeliveryId).Select(d => d.Status).SingleOrDefaultAsync(cancellationToken));
            return new DeliveryOutcome(DeliveryStatuses.Delivered, "accepted by the gateway", InInbox: false);
        }
    }

    [Fact]
    public async Task ToAnOutsideProvider_TheResentAttemptIsStoredQueuedBeforeTheProviderIsCalled()
    {
        OutsideProvider? provider = null;
        await using var engine = await TestEngine.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IChannelProvider>(sp => provider = new OutsideProvider(sp))));
        await PublishCardAndSmsAsync(engine);
        await engine.CreateContactAsync("c-1", new { firstName = "Ana" });
        var run = await engine.RunAsync("notify", "c-1");
        var sms = run.Deliveries.Single(d => d.Channel == "sms");
        provider!.StoredStatusWhenCalled.Clear();

        var resent = (await engine.Services.GetRequiredService<DeliveryResender>().ResendAsync(Guid.Parse(sms.Id), "ops"))!.Attempt!;
        Assert.Equal([DeliveryStatuses.Queued], provider.StoredStatusWhenCalled);
        Assert.Equal((DeliveryStatuses.Delivered, "accepted by the gateway", (string?)null), (resent.Status, resent.ProviderResponse, resent.InboxState));
    }
}
