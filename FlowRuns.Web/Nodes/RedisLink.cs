using FlowRuns.Web.Live;
using StackExchange.Redis;

namespace FlowRuns.Web.Nodes;

/// <summary>
/// This node's one connection to Redis (<c>FlowRuns:Redis</c>), shared by the SignalR backplane and the store change
/// feed, and what tells the rest of the node whether it is up (<see cref="ILiveBackplane"/>). It is opened on first use
/// without waiting for Redis (a node starts while Redis is away) and re-established by StackExchange.Redis on its own.
/// The node counts as up while both of its connections — commands and subscriptions — are; that is checked when
/// StackExchange.Redis reports a connection lost or restored, and every <see cref="CheckEvery"/> besides.
/// </summary>
public sealed class RedisLink : ILiveBackplane, IHostedService, IAsyncDisposable
{
    /// <summary>How often the link looks at its connections besides the connection events.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly ILogger<RedisLink> _logger;
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _checking;

    public RedisLink(string configuration, ILogger<RedisLink> logger)
    {
        _logger = logger;
        // Lazily, on whichever comes first — the backplane connects as soon as something asks for the hub, before the
        // node's hosted services start.
        _redis = new Lazy<ConnectionMultiplexer>(() =>
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = false; // a node starts while Redis is away, and connects when it is back
            options.ChannelPrefix = RedisChannel.Literal("FlowRuns:"); // the backplane's channels and the change feed's, apart from other apps'
            var redis = ConnectionMultiplexer.Connect(options);
            redis.ConnectionFailed += (_, e) => Check(e.Exception);
            redis.ConnectionRestored += (_, _) => Check(null);
            return redis;
        });
    }

    public ConnectionMultiplexer Connection => _redis.Value;

    public bool IsUp => DownSince is null;

    public DateTimeOffset? DownSince { get; private set; }

    public event Action<bool>? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(null);
        _checking = CheckPeriodicallyAsync();
        return Task.CompletedTask;
    }

    private async Task CheckPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(CheckEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token)) Check(null);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Whether both connections are up now; on a change, says so (log, <see cref="Changed"/>).</summary>
    private void Check(Exception? error)
    {
        var redis = Connection;
        var up = redis.IsConnected && redis.GetSubscriber().IsConnected();
        bool changed;
        lock (_gate)
        {
            changed = up == DownSince is not null;
            if (changed) DownSince = up ? null : DateTimeOffset.UtcNow;
        }
        if (!changed) return;
        if (up) _logger.LogInformation("Redis is reachable again: live pages re-read their runs, caches start afresh");
        else _logger.LogWarning(error, "Redis is unreachable: live pages do not repaint and caches are not shared until it is back (runs are not affected)");
        Changed?.Invoke(up);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_checking is not null) await _checking;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        if (_redis.IsValueCreated) await _redis.Value.DisposeAsync();
    }
}
