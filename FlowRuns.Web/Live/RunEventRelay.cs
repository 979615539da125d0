using FlowRuns.Engine.Events;
using Microsoft.AspNetCore.SignalR;

namespace FlowRuns.Web.Live;

/// <summary>
/// Reads the engine's event stream and sends each change to the hub groups of its run, its flow and the workspace.
/// While the backplane is down (several nodes, Redis unreachable) changes are not sent — a send would wait for Redis and
/// hold up every later change. When it is back, this node tells every watcher on every node to re-read
/// (<see cref="ResyncMethod"/>): the changes it did not send were walked here, and watchers on nodes whose own link
/// stayed up would otherwise never hear of them.
/// </summary>
public sealed class RunEventRelay(IRunEventStream stream, IHubContext<RunsHub> hub, ILiveBackplane backplane, ILogger<RunEventRelay> logger) : BackgroundService
{
    /// <summary>The hub message that tells every watcher that changes may have been missed: re-read.</summary>
    public const string ResyncMethod = "Resync";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        backplane.Changed += OnBackplaneChanged;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        backplane.Changed -= OnBackplaneChanged;
        return base.StopAsync(cancellationToken);
    }

    private void OnBackplaneChanged(bool up)
    {
        if (up) _ = ResyncEveryoneAsync();
    }

    /// <summary>Never throws: a resync that cannot be sent is logged (watchers on this node re-read by themselves).</summary>
    private async Task ResyncEveryoneAsync()
    {
        try
        {
            await hub.Clients.All.SendAsync(ResyncMethod);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell the watchers to re-read after the backplane came back");
        }
    }

    /// <summary>Changes not sent because the backplane was down (for tests and logs).</summary>
    public long Unsent => Interlocked.Read(ref _unsent);
    private long _unsent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = stream.Subscribe(capacity: 16_384);
        await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
        {
            if (!backplane.IsUp)
            {
                Interlocked.Increment(ref _unsent);
                continue;
            }
            LiveMetrics.ChangeToRelay.Record((DateTimeOffset.UtcNow - change.At).TotalMilliseconds);
            var (method, message) = ToMessage(change);
            var sending = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await hub.Clients.Groups(RunsHub.RunGroup(message.RunId), RunsHub.FlowGroup(message.FlowKey), RunsHub.WorkspaceGroup)
                    .SendAsync(method, message, stoppingToken);
                LiveMetrics.HubSend.Record(System.Diagnostics.Stopwatch.GetElapsedTime(sending).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A run change could not be sent to the hub");
            }
        }
    }

    public static (string Method, RunChange Message) ToMessage(RunStreamEvent change) => change switch
    {
        StepChanged s => ("StepChanged", new RunChange("step", s.RunId.ToString("N"), s.FlowKey, s.Sequence, s.At, s.Status.ToString(), s.NodeId, s.StepSequence, s.Port, s.ErrorCode, null)),
        RunChanged r => ("RunChanged", new RunChange("run", r.RunId.ToString("N"), r.FlowKey, r.Sequence, r.At, r.Status.ToString(), r.CurrentNodeId, null, null, r.ErrorCode, null)),
        RunEventAdded e => ("EventAdded", new RunChange("event", e.RunId.ToString("N"), e.FlowKey, e.Sequence, e.At, null, null, e.StepSequence, null, null, e.Name)),
        _ => ("RunChanged", new RunChange("run", change.RunId.ToString("N"), change.FlowKey, change.Sequence, change.At, null, null, null, null, null, null)),
    };
}
