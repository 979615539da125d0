namespace FlowRuns.Web.Live;

/// <summary>Limits of the live hub (<c>FlowRuns:Live</c>).</summary>
public sealed class LiveOptions
{
    /// <summary>Runs and flows one hub connection may watch at once; the next watch is refused.</summary>
    public int MaxWatchesPerConnection { get; set; } = 10_000;

    /// <summary>The largest message a client may send the hub (SignalR's MaximumReceiveMessageSize).</summary>
    public long MaxMessageBytes { get; set; } = 32 * 1024;
}
