namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>One row of a run list. Read from narrow columns only.</summary>
public sealed record RunSummary(
    string Id,
    string Flow,
    int Version,
    string ContactId,
    string Status,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? CurrentNodeId,
    double? DurationMs,
    bool Test)
{
    /// <summary>The contact's name, when the contact has one.</summary>
    public string? ContactName { get; init; }

    /// <summary>The label of <see cref="CurrentNodeId"/> in the version the run executed.</summary>
    public string? CurrentNodeLabel { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The node a failed run failed on.</summary>
    public string? FailedNodeId => Status == "Failed" ? CurrentNodeId : null;

    public string? FailedNodeLabel => Status == "Failed" ? CurrentNodeLabel : null;
}
