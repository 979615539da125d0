using System.Threading.Channels;

namespace FlowRuns.Engine.Events;

/// <summary>One reader of the run event stream. Dispose it to stop receiving.</summary>
public sealed class RunEventSubscription : IDisposable
{
    private readonly Channel<RunStreamEvent> _channel;
    private readonly Action<RunEventSubscription> _unsubscribe;
    private long _dropped;

    internal RunEventSubscription(int capacity, Action<RunEventSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<RunStreamEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<RunStreamEvent> Reader => _channel.Reader;

    /// <summary>How many events this subscriber lost because it was too slow.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(RunStreamEvent change) => _channel.Writer.TryWrite(change);

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
