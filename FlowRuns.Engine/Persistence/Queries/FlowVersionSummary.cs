namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>One published version of a flow.</summary>
public sealed record FlowVersionSummary(int Number, string? Name, DateTimeOffset PublishedAt);
