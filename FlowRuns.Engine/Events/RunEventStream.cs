namespace FlowRuns.Engine.Events;

/// <summary>Fans each committed change out to every subscription's bounded buffer (copy-on-write subscriber list).</summary>
public sealed class RunEventStream : IRunEventStream
{
    private RunEventSubscription[] _subscribers = [];
    private readonly Lock _gate = new();

    public void Publish(RunStreamEvent change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers)) subscriber.Offer(change);
    }

    public RunEventSubscription Subscribe(int capacity = 4096)
    {
        var subscription = new RunEventSubscription(capacity, Remove);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    private void Remove(RunEventSubscription subscription)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != subscription).ToArray();
    }
}
