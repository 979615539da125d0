using System.Diagnostics;

namespace FlowRuns.Web.Demo;

/// <summary>
/// The demo history's clock: set to a moment of the past, it runs on from there at real speed, so the historical engine
/// records real step durations, shifted back in time.
/// </summary>
public sealed class HistoryClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _setTo = start;
    private long _setAt = Stopwatch.GetTimestamp();

    public void Set(DateTimeOffset now)
    {
        _setTo = now;
        _setAt = Stopwatch.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => _setTo + Stopwatch.GetElapsedTime(_setAt);
}
