using Microsoft.AspNetCore.SignalR.Client;

namespace FlowRuns.Web.Live;

/// <summary>
/// How a circuit's hub client keeps trying to reach its node's hub, for as long as the page is open: at once, then after
/// 1, 2 and 5 seconds, then every 10 seconds. A page never gives up on being live (the badge says "not live" meanwhile);
/// a node that was too busy to answer for a while gets its pages back when it can. Each try is limited to
/// <see cref="ConnectLimit"/>.
/// </summary>
public sealed class LiveRetry : IRetryPolicy
{
    public static readonly LiveRetry Forever = new();

    /// <summary>The longest one connection attempt may take (negotiate and handshake) before it counts as failed.</summary>
    public static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(10);

    /// <summary>The pause before try number <paramref name="previousTries"/> + 1.</summary>
    public static TimeSpan Delay(long previousTries) => previousTries < Delays.Length ? Delays[previousTries] : Steady;

    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);
}
