using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Web.Live;

/// <summary>
/// The circuit's one hub client: components watch a run, a flow or the whole workspace through it and are told of each
/// change. It reconnects by itself and tells watchers when it did, so they re-read what they show. It connects as the
/// signed-in user (a fresh <see cref="CircuitHubTokens"/> token on every connect), so the hub checks their role. It
/// connects to this node's own hub (<see cref="NodeHubAddress"/>), never through the public address. Several nodes:
/// while the backplane is down no change arrives, so <see cref="IsLive"/> is false and <see cref="LiveChanged"/> says
/// so; when it is back, watchers are told as after a reconnect, and re-read.
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

    /// <summary>The backplane went down (false) or came back (true; watchers have been told to re-read).</summary>
    public event Func<bool, Task>? LiveChanged;

    private async Task ResyncAsync()
    {
        List<Watcher> watchers;
        lock (_watchers) watchers = [.. _watchers];
        foreach (var watcher in watchers) await watcher.OnReconnected();
    }

    private void OnBackplaneChanged(bool up) => _ = OnBackplaneChangedAsync(up);

    /// <summary>Never throws: whatever a watcher does wrong is logged.</summary>
    private async Task OnBackplaneChangedAsync(bool up)
    {
        try
        {
            if (up) await ResyncAsync();
            if (LiveChanged is { } changed) await changed(up);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A run watcher failed as the backplane {State}", up ? "came back" : "went down");
        }
    }

    /// <summary>Watches a run until the returned handle is disposed. Throws when the hub cannot be reached.</summary>
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
        var connection = await ConnectAsync();
        lock (_watchers) _watchers.Add(watcher);
        await watcher.SubscribeAsync(connection);
        return new Watch(async () =>
        {
            bool stillWatched;
            lock (_watchers)
            {
                _watchers.Remove(watcher);
                stillWatched = _watchers.Any(w => w.Method == watcher.Method && w.Argument == watcher.Argument);
            }
            if (!stillWatched && connection.State == HubConnectionState.Connected) await watcher.UnsubscribeAsync(connection);
        });
    }

    private async Task<HubConnection> ConnectAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is not null) return _connection;
            var connection = new HubConnectionBuilder()
                .WithUrl(hubAddress.For("/hubs/runs", new Uri(navigation.BaseUri)), options => options.AccessTokenProvider = async () => tokens.For((await authentication.GetAuthenticationStateAsync()).User))
                .WithAutomaticReconnect()
                .Build();
            foreach (var method in new[] { "RunChanged", "StepChanged", "EventAdded" })
                connection.On<RunChange>(method, change => DispatchAsync(change));
            // A node whose link to the others was down did not send what it walked meanwhile: re-read, as after a reconnect.
            connection.On(RunEventRelay.ResyncMethod, ResyncAsync);
            connection.Reconnected += async _ =>
            {
                List<Watcher> watchers;
                lock (_watchers) watchers = [.. _watchers];
                foreach (var watcher in watchers)
                {
                    await watcher.SubscribeAsync(connection);
                    await watcher.OnReconnected();
                }
            };
            await connection.StartAsync();
            _connection = connection;
            return connection;
        }
        finally
        {
            _gate.Release();
        }
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
