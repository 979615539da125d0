using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Engine.Deliveries;

/// <summary>
/// The delivery list pages by keyset through every attempt — also through attempts created at the very same instant —
/// and filters by flow and by the time sent.
/// </summary>
public class DeliveryPagingTests : EngineScope
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Noon);

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(time: _time);

    private DeliveryQueries Deliveries => Engine.Services.GetRequiredService<DeliveryQueries>();

    /// <summary>A flow that sends three cards per run; <paramref name="key"/> names it.</summary>
    private Task PublishThreeCardsAsync(string key) => Engine.PublishAsync(Json.Flow(key, [
            new { id = "a", type = "send", label = "A", channel = "card", body = "one" },
            new { id = "b", type = "send", label = "B", channel = "card", body = "two" },
            new { id = "c", type = "send", label = "C", channel = "card", body = "three" },
            new { id = "e", type = "end", label = "E" }],
        [new { from = "start", to = "a" }, new { from = "a", to = "b" }, new { from = "b", to = "c" }, new { from = "c", to = "e" }]));

    private async Task<List<DeliveryView>> AllPagesAsync(DeliveryListFilter filter)
    {
        var seen = new List<DeliveryView>();
        DeliveryCursor? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Deliveries.ListAsync(filter with { Cursor = cursor });
            seen.AddRange(page.Items);
            if (page.Next is null) return seen;
            Assert.Equal(filter.Limit, page.Items.Count);
            Assert.True(DeliveryCursor.TryDecode(page.Next, out cursor));
        }
        throw new InvalidOperationException("The pages never ended.");
    }

    [Fact]
    public async Task KeysetPages_ReachEveryAttemptOnce_InTheListsOrder_EvenWhenManyShareOneInstant()
    {
        await PublishThreeCardsAsync("cards");
        await Engine.CreateContactAsync("c-1", name: "Ana Lima");
        // 5 runs at exactly noon (15 attempts at one instant), then 2 runs a minute later, then 1 more at noon + 2.
        for (var i = 0; i < 5; i++) await Engine.RunAsync("cards", "c-1");
        _time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 2; i++) await Engine.RunAsync("cards", "c-1");
        _time.Advance(TimeSpan.FromMinutes(1));
        await Engine.RunAsync("cards", "c-1");

        var whole = (await Deliveries.ListAsync(new DeliveryListFilter { Limit = 500 })).Items;
        Assert.Equal(24, whole.Count);
        Assert.Equal(whole.OrderByDescending(d => d.CreatedAt).Select(d => d.CreatedAt), whole.Select(d => d.CreatedAt));
        foreach (var limit in new[] { 1, 4, 5, 7, 23, 24 })
        {
            var paged = await AllPagesAsync(new DeliveryListFilter { Limit = limit });
            Assert.Equal(whole.Select(d => d.Id), paged.Select(d => d.Id));
        }
        Assert.All(whole, d => Assert.Equal(("cards", "Ana Lima"), (d.Flow, d.ContactName)));
    }

    [Fact]
    public async Task Filters_ByFlow_AndByTimeSent_FromInclusive_ToExclusive()
    {
        await PublishThreeCardsAsync("first");
        await PublishThreeCardsAsync("second");
        await Engine.CreateContactAsync("c-1");
        await Engine.RunAsync("first", "c-1");          // 12:00
        _time.Advance(TimeSpan.FromHours(1));
        await Engine.RunAsync("second", "c-1");         // 13:00
        _time.Advance(TimeSpan.FromHours(1));
        await Engine.RunAsync("first", "c-1");          // 14:00

        Assert.Equal(6, (await Deliveries.ListAsync(new DeliveryListFilter { Flow = "first" })).Items.Count);
        Assert.All((await Deliveries.ListAsync(new DeliveryListFilter { Flow = "second" })).Items, d => Assert.Equal("second", d.Flow));
        Assert.Empty((await Deliveries.ListAsync(new DeliveryListFilter { Flow = "no-such-flow" })).Items);
        var window = (await Deliveries.ListAsync(new DeliveryListFilter { From = Noon.AddHours(1), To = Noon.AddHours(2) })).Items;
        Assert.Equal(3, window.Count);
        Assert.All(window, d => Assert.Equal(Noon.AddHours(1), d.CreatedAt));
        Assert.Equal(3, (await AllPagesAsync(new DeliveryListFilter { Flow = "first", From = Noon.AddMinutes(1), Limit = 2 })).Count);
    }
}
