namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// Failed runs of one flow version that broke on the same node with the same error code, over a window: how many, what
/// share of that version's runs in the window, when first and last (the runs' start times), the most common message
/// (among the group's latest 20), the latest few runs.
/// </summary>
public sealed record FailureGroup(
    string Flow,
    string FlowName,
    int Version,
    string? NodeId,
    string? NodeLabel,
    string? ErrorCode,
    int Count,
    int VersionRuns,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    string? CommonMessage,
    IReadOnlyList<string> SampleRunIds)
{
    /// <summary>The group's share of the version's runs started in the window (0–1).</summary>
    public double Share => VersionRuns == 0 ? 0 : (double)Count / VersionRuns;
}
