namespace FlowRuns.Engine.Execution;

/// <summary>How long runs are kept (<c>FlowRuns:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Ended runs that started longer ago than this are deleted with their steps, events, deliveries and inbox cards; 0 keeps them forever.</summary>
    public int Days { get; set; } = 90;

    /// <summary>How often the purge looks.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When the first pass runs after start.</summary>
    public TimeSpan FirstPassAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs deleted per transaction: small, so live traffic never waits long for the store.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// A pause after each batch: the purge writes (and the disk flushes) at a pace that leaves live runs' commits their
    /// turn; a 1,000,000-run purge still finishes in minutes.
    /// </summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(100);
}
