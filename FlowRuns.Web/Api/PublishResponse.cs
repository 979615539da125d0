namespace FlowRuns.Web.Api;

/// <summary>The answer to a publish: the flow key, its current version, and whether this publish created that version.</summary>
public sealed record PublishResponse(string Key, int Version, bool Created);
