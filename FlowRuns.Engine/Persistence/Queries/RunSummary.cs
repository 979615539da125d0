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
    bool Test);
