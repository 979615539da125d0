namespace FlowRuns.Engine.Execution;

/// <summary>The outcome of a publish: the flow's current version, and whether this publish created it.</summary>
public sealed record PublishResult(string Key, int Version, bool Created);
