using FlowRuns.Engine.Persistence;
using StackExchange.Redis;

namespace FlowRuns.Web.Nodes;

/// <summary>
/// <see cref="IStoreChangeFeed"/> between nodes through Redis pub/sub, on the node's <see cref="RedisLink"/> (channel
/// <c>FlowRuns:store-changes</c>, the link adding the prefix). Each message is <c>node id, kind, key</c>; a node ignores its own. Publishing is
/// fire-and-forget: a message lost while Redis is away is bounded by the caches' own expiry, and when the link comes
/// back every cache of this node is dropped (<see cref="StoreChangeKind.Everything"/>) — it may have missed any change.
/// </summary>
public sealed class RedisStoreChangeFeed(RedisLink link, ILogger<RedisStoreChangeFeed> logger) : IStoreChangeFeed, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("store-changes");
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];

    public event Action<StoreChange>? Received;

    public void Publish(StoreChange change)
    {
        if (!link.IsUp) return;
        try
        {
            link.Connection.GetSubscriber().Publish(Channel, $"{_node}\n{change.Kind}\n{change.Key}", CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not tell the other nodes that {Kind} {Key} changed", change.Kind, change.Key);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        link.Changed += OnLinkChanged;
        await link.Connection.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            var parts = ((string?)message ?? "").Split('\n', 3);
            if (parts.Length != 3 || parts[0] == _node || !Enum.TryParse<StoreChangeKind>(parts[1], out var kind)) return;
            Received?.Invoke(new StoreChange(kind, parts[2]));
        });
    }

    private void OnLinkChanged(bool up)
    {
        if (up) Received?.Invoke(new StoreChange(StoreChangeKind.Everything, "*"));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        link.Changed -= OnLinkChanged;
        return Task.CompletedTask;
    }
}
