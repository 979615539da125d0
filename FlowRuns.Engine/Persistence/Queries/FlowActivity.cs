namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A flow in the flow list with its last 24 hours: runs started, and how many of those failed.</summary>
public sealed record FlowActivity(FlowSummary Flow, long RunsLast24Hours, long FailedLast24Hours)
{
    /// <summary>Failed out of the runs started in the last 24 hours; null when none started.</summary>
    public double? FailureRate => RunsLast24Hours > 0 ? (double)FailedLast24Hours / RunsLast24Hours : null;
}
