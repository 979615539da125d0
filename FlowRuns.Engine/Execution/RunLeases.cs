using System.Collections.Concurrent;
using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// The leases one engine holds on runs in the store. A lease (owner id + expiry) is taken by one conditional update, so
/// two engines over one store never both walk a run; it is renewed while the run is walked and released when the run
/// suspends or ends. An engine that dies stops renewing, and recovery on any engine takes its runs once the lease expired.
/// Leases are kept on the wall clock (<see cref="TimeProvider.System"/>), whatever clock the engine's timers use.
/// </summary>
public sealed class RunLeases : IAsyncDisposable
{
    private readonly RunWriter _writer;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, byte> _held = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _renewing;

    internal RunLeases(RunWriter writer, TimeSpan duration, ILogger logger)
    {
        _writer = writer;
        _logger = logger;
        Duration = duration;
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        _renewing = new Thread(RenewLoop) { IsBackground = true, Name = "FlowRuns lease renewal" };
        _renewing.Start();
    }

    /// <summary>This engine's owner id, as stored in <c>Runs.LeaseOwner</c>.</summary>
    public string Owner { get; }

    public TimeSpan Duration { get; }

    /// <summary>Until when a lease taken or renewed now holds.</summary>
    public DateTimeOffset Until => TimeProvider.System.GetUtcNow() + Duration;

    /// <summary>Runs whose lease this engine holds.</summary>
    public ICollection<Guid> Held => _held.Keys;

    /// <summary>Raised after each renewal with the runs held (the engine checks them for cancel requests).</summary>
    internal event Func<IReadOnlyCollection<Guid>, Task>? Renewed;

    /// <summary>Takes the leases of the runs that are free or expired; returns those now held.</summary>
    public async Task<IReadOnlySet<Guid>> ClaimAsync(IReadOnlyCollection<Guid> runIds)
    {
        if (runIds.Count == 0) return new HashSet<Guid>();
        var claimed = await _writer.ClaimAsync(Owner, runIds, Until, TimeProvider.System.GetUtcNow());
        foreach (var id in claimed) _held[id] = 0;
        return claimed;
    }

    /// <summary>A run written with this engine's lease (a new run, a resumed one).</summary>
    internal void Took(Guid runId) => _held[runId] = 0;

    /// <summary>The run's own write gave the lease up (it suspended or ended).</summary>
    internal void Gave(Guid runId) => _held.TryRemove(runId, out _);

    internal bool Holds(Guid runId) => _held.ContainsKey(runId);

    /// <summary>Gives the leases of <paramref name="runIds"/> back (those still held).</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<Guid> runIds)
    {
        var held = runIds.Where(id => _held.TryRemove(id, out _)).ToList();
        if (held.Count > 0) await _writer.ReleaseAsync(Owner, held);
    }

    /// <summary>Renews on its own thread, so a busy thread pool cannot make this engine lose the runs it walks.</summary>
    private void RenewLoop()
    {
        while (!_stopping.Token.WaitHandle.WaitOne(Duration / 3))
        {
            var held = _held.Keys.ToList();
            if (held.Count == 0) continue;
            try
            {
                _writer.RenewAsync(Owner, held, Until).GetAwaiter().GetResult();
                if (Renewed is { } renewed) renewed(held).GetAwaiter().GetResult(); // on this thread: nothing left running at stop
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Renewing {Count} run leases failed; trying again in {Seconds} s", held.Count, (Duration / 3).TotalSeconds);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        await Task.Run(() => _renewing.Join());
    }
}
