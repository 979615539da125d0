using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Web.Live;

/// <summary>
/// The circuit's one hub client: components watch a run, a flow or the whole workspace through it and are told of each
/// change. It connects as the signed-in user (a fresh <see cref="CircuitHubTokens"/> token on every connect), so the hub
/// checks their role. It connects to this node's own hub (<see cref="NodeHubAddress"/>), never through the public address.
/// It never gives up (<see cref="LiveRetry"/>): when the hub cannot be reached at first (a node too busy to answer) or the
/// connection drops, it keeps trying, and once connected again every watcher is subscribed again and told to re-read.
/// <see cref="IsLive"/> says whether changes reach the circuit now (connected, and the backplane up when there are
/// several nodes); <see cref="LiveChanged"/> says when that changes.
/// </summary>
public sealed class RunFeed : IAsyncDisposable
{
    private readonly NavigationManager navigation;
    private readonly NodeHubAddress hubAddress;
    private readonly AuthenticationStateProvider authentication;
    private readonly CircuitHubTokens tokens;
    private readonly ILiveBackplane backplane;
    private readonly ILogger<RunFeed> logger;
    private HubConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Watcher> _watchers = [];
    private readonly CancellationTokenSource _stopped = new();

    /// <summary>A background loop is trying to make the first connection (the first try failed).</summary>
    private bool _retrying;

    public RunFeed(NavigationManager navigation, NodeHubAddress hubAddress, AuthenticationStateProvider authentication, CircuitHubTokens tokens,
        ILiveBackplane backplane, ILogger<RunFeed> logger)
    {
        this.navigation = navigation;
        this.hubAddress = hubAddress;
        this.authentication = authentication;
        this.tokens = tokens;
        this.backplane = backplane;
        this.logger = logger;
        backplane.Changed += OnBackplaneChanged;
    }

    public bool IsConnected => _connection?.State == HubConnectionState.Connected;

    /// <summary>Whether changes reach this circuit now: its hub connection is up and so is the backplane.</summary>
    public bool IsLive => IsConnected && backplane.IsUp;

    /// <summary>
    /// <see cref="IsLive"/> may have changed (its new value is passed): the connection or the backplane went down (false),
    /// or came back (true; watchers have been subscribed again and told to re-read first).
    /// </summary>
    public event Func<bool, Task>? LiveChanged;

    private async Task ResyncAsync()
    {
        List<Watcher> watchers;
        lock (_watchers) watchers = [.. _watchers];
        foreach (var watcher in watchers) await watcher.OnReconnected();
    }

    /// <summary>After a (re)connect: every watcher joins its group again, then re-reads. Never throws (a failure is logged).</summary>
    private async Task ResubscribeAsync(HubConnection connection)
    {
        List<Watcher> watchers;
        lock (_watchers) watchers = [.. _watchers];
        foreach (var watcher in watchers)
        {
            try
            {
                await watcher.SubscribeAsync(connection);
                await watcher.OnReconnected();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A run watcher could not be subscribed again after a reconnect");
            }
        }
    }

    /// <summary>Never throws: whatever a listener does wrong is logged.</summary>
    private async Task RaiseLiveChangedAsync()
    {
        try
        {
            if (LiveChanged is { } changed) await changed(IsLive);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live-state listener failed");
        }
    }

    private void OnBackplaneChanged(bool up) => _ = OnBackplaneChangedAsync(up);

    /// <summary>Never throws: whatever a watcher does wrong is logged.</summary>
    private async Task OnBackplaneChangedAsync(bool up)
    {
        try
        {
            if (up) await ResyncAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A run watcher failed as the backplane came back");
        }
        await RaiseLiveChangedAsync();
    }

    /// <summary>
    /// Watches a run until the returned handle is disposed. When the hub cannot be reached now, the watch is kept and made
    /// once it can (<see cref="IsLive"/> is false until then); throws only when the hub refuses it.
    /// </summary>
    public Task<IAsyncDisposable> WatchRunAsync(string runId, Func<RunChange, Task> onChange, Func<Task> onReconnected) =>
        WatchAsync(new Watcher(nameof(RunsHub.WatchRun), nameof(RunsHub.UnwatchRun), runId, c => c.RunId == runId, onChange, onReconnected));

    /// <summary>Watches every run of a flow.</summary>
    public Task<IAsyncDisposable> WatchFlowAsync(string flowKey, Func<RunChange, Task> onChange, Func<Task> onReconnected) =>
        WatchAsync(new Watcher(nameof(RunsHub.WatchFlow), nameof(RunsHub.UnwatchFlow), flowKey, c => c.FlowKey == flowKey, onChange, onReconnected));

    /// <summary>Watches every run.</summary>
    public Task<IAsyncDisposable> WatchWorkspaceAsync(Func<RunChange, Task> onChange, Func<Task> onReconnected) =>
        WatchAsync(new Watcher(nameof(RunsHub.WatchWorkspace), nameof(RunsHub.UnwatchWorkspace), null, _ => true, onChange, onReconnected));

    private async Task<IAsyncDisposable> WatchAsync(Watcher watcher)
    {
        lock (_watchers) _watchers.Add(watcher);
        if (await EnsureConnectedAsync() is { } connection)
        {
            try
            {
                await watcher.SubscribeAsync(connection);
            }
            catch (Exception) when (connection.State != HubConnectionState.Connected)
            {
                // The connection dropped meanwhile: its reconnect subscribes every watcher again, this one included.
            }
            catch (Exception)
            {
                lock (_watchers) _watchers.Remove(watcher);
                throw;
            }
        }
        return new Watch(async () =>
        {
            bool stillWatched;
            lock (_watchers)
            {
                _watchers.Remove(watcher);
                stillWatched = _watchers.Any(w => w.Method == watcher.Method && w.Argument == watcher.Argument);
            }
            if (!stillWatched && _connection is { State: HubConnectionState.Connected } connected) await watcher.UnsubscribeAsync(connected);
        });
    }

    /// <summary>
    /// The circuit's connection (connected, or reconnecting by itself), made on first use; null when the hub cannot be
    /// reached now — a background loop then keeps trying (<see cref="KeepTryingAsync"/>).
    /// </summary>
    private async Task<HubConnection?> EnsureConnectedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is not null || _retrying) return _connection;
            if (await TryConnectAsync() is { } connection) return connection;
            _retrying = true;
            _ = KeepTryingAsync();
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One try (within <see cref="LiveRetry.ConnectLimit"/>), under the gate; null when it failed.</summary>
    private async Task<HubConnection?> TryConnectAsync()
    {
        var connection = Build();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopped.Token);
            limit.CancelAfter(LiveRetry.ConnectLimit);
            await connection.StartAsync(limit.Token);
            _connection = connection;
            return connection;
        }
        catch (Exception ex)
        {
            if (!_stopped.IsCancellationRequested) logger.LogWarning(ex, "This node's hub could not be reached; the page's live updates start once it can");
            await connection.DisposeAsync();
            return null;
        }
    }

    /// <summary>Tries again (<see cref="LiveRetry"/>) until connected or the circuit ends; then every watcher subscribes and re-reads.</summary>
    private async Task KeepTryingAsync()
    {
        try
        {
            for (var tries = 1L; ; tries++)
            {
                await Task.Delay(LiveRetry.Delay(tries), _stopped.Token);
                HubConnection? connection;
                await _gate.WaitAsync(_stopped.Token);
                try
                {
                    connection = await TryConnectAsync();
                    if (connection is not null) _retrying = false;
                }
                finally
                {
                    _gate.Release();
                }
                if (connection is null) continue;
                await ResubscribeAsync(connection);
                await RaiseLiveChangedAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // the circuit ended
        }
    }

    private HubConnection Build()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubAddress.For("/hubs/runs", new Uri(navigation.BaseUri)), options => options.AccessTokenProvider = async () => tokens.For((await authentication.GetAuthenticationStateAsync()).User))
            .WithAutomaticReconnect(LiveRetry.Forever)
            .Build();
        foreach (var method in new[] { "RunChanged", "StepChanged", "EventAdded" })
            connection.On<RunChange>(method, change => DispatchAsync(change));
        // A node whose link to the others was down did not send what it walked meanwhile: re-read, as after a reconnect.
        connection.On(RunEventRelay.ResyncMethod, ResyncAsync);
        connection.Reconnecting += _ => RaiseLiveChangedAsync();
        connection.Reconnected += async _ =>
        {
            await ResubscribeAsync(connection);
            await RaiseLiveChangedAsync();
        };
        return connection;
    }

    private async Task DispatchAsync(RunChange change)
    {
        List<Watcher> targets;
        lock (_watchers) targets = _watchers.Where(w => w.Matches(change)).ToList();
        foreach (var target in targets)
        {
            try { await target.OnChange(change); }
            catch (Exception ex) { logger.LogWarning(ex, "A run watcher failed on a change"); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        backplane.Changed -= OnBackplaneChanged;
        await _stopped.CancelAsync();
        await _gate.WaitAsync(); // a try under way ends first (it was cancelled): no connection is made after this
        if (_connection is not null) await _connection.DisposeAsync();
    }

    /// <summary>One subscription: the hub methods that join and leave its group, which changes it wants, and its callbacks.</summary>
    private sealed record Watcher(string Method, string UnwatchMethod, string? Argument, Func<RunChange, bool> Matches,
        Func<RunChange, Task> OnChange, Func<Task> OnReconnected)
    {
        public Task SubscribeAsync(HubConnection connection) =>
            Argument is null ? connection.InvokeAsync(Method) : connection.InvokeAsync(Method, Argument);

        public Task UnsubscribeAsync(HubConnection connection) =>
            Argument is null ? connection.InvokeAsync(UnwatchMethod) : connection.InvokeAsync(UnwatchMethod, Argument);
    }

    private sealed class Watch(Func<Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await stop(); }
            catch (Exception) { /* the circuit is going away */ }
        }
    }
}
