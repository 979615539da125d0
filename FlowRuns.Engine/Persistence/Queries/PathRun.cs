using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>One of a path's latest runs: enough to tell it apart and open it.</summary>
public sealed record PathRun(string Id, string ContactId, string? ContactName, RunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ErrorCode);
