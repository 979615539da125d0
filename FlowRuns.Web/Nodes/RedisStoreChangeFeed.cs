using FlowRuns.Engine.Persistence;
using StackExchange.Redis;

namespace FlowRuns.Web.Nodes;

/// <summary>
/// <see cref="IStoreChangeFeed"/> between nodes through Redis pub/sub (<c>FlowRuns:Redis</c>, the server the SignalR
/// backplane uses; channel <c>FlowRuns:store-changes</c>). Each message is <c>node id, kind, key</c>; a node ignores its
/// own. Publishing is fire-and-forget: a lost message is bounded by the caches' own expiry. The connection is opened at
/// start and re-established by StackExchange.Redis on its own.
/// </summary>
public sealed class RedisStoreChangeFeed : IStoreChangeFeed, IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("FlowRuns:store-changes");
    private readonly string _configuration;
    private readonly ILogger<RedisStoreChangeFeed> _logger;
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private ConnectionMultiplexer? _redis;

    public RedisStoreChangeFeed(string configuration, ILogger<RedisStoreChangeFeed> logger)
    {
        _configuration = configuration;
        _logger = logger;
    }

    public event Action<StoreChange>? Received;

    public void Publish(StoreChange change)
    {
        if (_redis is not { IsConnected: true } redis) return;
        try
        {
            redis.GetSubscriber().Publish(Channel, $"{_node}\n{change.Kind}\n{change.Key}", CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            _logger.LogWarning(ex, "Could not tell the other nodes that {Kind} {Key} changed", change.Kind, change.Key);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(_configuration);
        options.AbortOnConnectFail = false; // a node starts while Redis is away, and connects when it is back
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            var parts = ((string?)message ?? "").Split('\n', 3);
            if (parts.Length != 3 || parts[0] == _node || !Enum.TryParse<StoreChangeKind>(parts[1], out var kind)) return;
            Received?.Invoke(new StoreChange(kind, parts[2]));
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
