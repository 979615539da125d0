namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A flow in the flow list.</summary>
public sealed record FlowSummary(string Key, string Name, string Status, int CurrentVersion, string Trigger, string? TriggerEvent, DateTimeOffset UpdatedAt);
