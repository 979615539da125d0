namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>One published version of a flow, with the change note it was published with (null when none).</summary>
public sealed record FlowVersionSummary(int Number, string? Name, DateTimeOffset PublishedAt, string? Note = null);
