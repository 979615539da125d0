namespace FlowRuns.Web.Live;

/// <summary>
/// Whether this node's hub messages reach the watchers: always on one node; with several, only while the Redis backplane
/// is connected (every hub message goes through it, even to a watcher on the same node). While it is down, runs go on —
/// the store is the truth — but no page repaints; when it is back, watchers re-read what they show.
/// </summary>
public interface ILiveBackplane
{
    bool IsUp { get; }

    /// <summary>Since when it is down (null while up).</summary>
    DateTimeOffset? DownSince { get; }

    /// <summary>Raised when it goes down (false) and when it is back (true).</summary>
    event Action<bool>? Changed;
}

/// <summary>One node: hub messages are delivered in the process, nothing can come between.</summary>
public sealed class InProcessBackplane : ILiveBackplane
{
    public bool IsUp => true;

    public DateTimeOffset? DownSince => null;

    public event Action<bool>? Changed
    {
        add { }
        remove { }
    }
}
