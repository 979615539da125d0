namespace FlowRuns.Web.Demo;

/// <summary>The embedded demo (<c>FlowRuns:Demo</c>): seeded flows and contacts, and a gentle stream of live events.</summary>
public sealed class DemoOptions
{
    /// <summary>Publish the demo flows and create demo contacts when the store has no flows yet.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Post demo contact events while the app runs, so runs move on their own.</summary>
    /// <summary>When seeding, also play out <see cref="HistoryRuns"/> runs over the last 30 days, so charts and filters have something to show.</summary>
    public bool History { get; set; } = true;

    public int HistoryRuns { get; set; } = 300;

    public bool LiveTraffic { get; set; } = true;

    public int EventsPerMinute { get; set; } = 6;
}
