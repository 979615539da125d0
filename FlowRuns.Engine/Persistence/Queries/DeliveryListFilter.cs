namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// Which delivery attempts to list, newest first: by contact, run, flow (key), channel, status and creation time
/// (<see cref="From"/> inclusive, <see cref="To"/> exclusive), a page of <see cref="Limit"/> after <see cref="Cursor"/>.
/// </summary>
public sealed record DeliveryListFilter
{
    public string? Contact { get; init; }
    public Guid? Run { get; init; }
    public string? Flow { get; init; }
    public string? Channel { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 100;
    public DeliveryCursor? Cursor { get; init; }
}

/// <summary>One page of delivery attempts and the cursor of the next (null at the oldest).</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? Next);
