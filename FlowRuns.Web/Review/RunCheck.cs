namespace FlowRuns.Web.Review;

/// <summary>
/// One person's mark that they checked one run while spot-checking a flow version's path ("routed correctly"), kept per
/// user and version so a reviewer sees which of the latest runs they have been through.
/// </summary>
public sealed class RunCheck
{
    public long Id { get; set; }
    /// <summary>Who checked it (the signed-in user's name, as the audit trail names them).</summary>
    public required string Reviewer { get; set; }
    public required string FlowKey { get; set; }
    public int Version { get; set; }
    /// <summary>The run's id (32 hex characters).</summary>
    public required string RunId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
}
