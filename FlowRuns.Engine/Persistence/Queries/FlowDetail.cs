using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A flow with one version's graph (the current one unless asked) and the list of its versions.</summary>
public sealed record FlowDetail(
    string Key,
    string Name,
    string Status,
    int CurrentVersion,
    int Version,
    string? VersionName,
    DateTimeOffset PublishedAt,
    JsonObject Definition,
    IReadOnlyList<FlowVersionSummary> Versions);
