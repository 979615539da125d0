namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A page of runs, newest first; <see cref="NextCursor"/> fetches the next older page (null on the last).</summary>
public sealed record RunPage(IReadOnlyList<RunSummary> Items, string? NextCursor);
