using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Web.Live;

/// <summary>
/// The circuit's one hub client: components watch a run through it and are told of each change. It reconnects by
/// itself and tells watchers when it did, so they re-read what they show.
/// </summary>
public sealed class RunFeed(NavigationManager navigation, ILogger<RunFeed> logger) : IAsyncDisposable
{
    private HubConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(string RunId, Func<RunChange, Task> OnChange, Func<Task> OnReconnected)> _watchers = [];

    public bool IsConnected => _connection?.State == HubConnectionState.Connected;

    /// <summary>Watches a run until the returned handle is disposed. Throws when the hub cannot be reached.</summary>
    public async Task<IAsyncDisposable> WatchRunAsync(string runId, Func<RunChange, Task> onChange, Func<Task> onReconnected)
    {
        var connection = await ConnectAsync();
        var watcher = (runId, onChange, onReconnected);
        lock (_watchers) _watchers.Add(watcher);
        await connection.InvokeAsync("WatchRun", runId);
        return new Watch(async () =>
        {
            lock (_watchers) _watchers.Remove(watcher);
            if (connection.State == HubConnectionState.Connected) await connection.InvokeAsync("UnwatchRun", runId);
        });
    }

    private async Task<HubConnection> ConnectAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is not null) return _connection;
            var connection = new HubConnectionBuilder()
                .WithUrl(navigation.ToAbsoluteUri("/hubs/runs"))
                .WithAutomaticReconnect()
                .Build();
            foreach (var method in new[] { "RunChanged", "StepChanged", "EventAdded" })
                connection.On<RunChange>(method, change => DispatchAsync(change));
            connection.Reconnected += async _ =>
            {
                List<(string RunId, Func<RunChange, Task> OnChange, Func<Task> OnReconnected)> watchers;
                lock (_watchers) watchers = [.. _watchers];
                foreach (var watcher in watchers)
                {
                    await connection.InvokeAsync("WatchRun", watcher.RunId);
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
        List<Func<RunChange, Task>> targets;
        lock (_watchers) targets = _watchers.Where(w => w.RunId == change.RunId).Select(w => w.OnChange).ToList();
        foreach (var target in targets)
        {
            try { await target(change); }
            catch (Exception ex) { logger.LogWarning(ex, "A run watcher failed on a change"); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
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
