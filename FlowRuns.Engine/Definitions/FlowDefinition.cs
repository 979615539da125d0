namespace FlowRuns.Engine.Definitions;

/// <summary>A flow as authored: the document <c>POST /api/flows</c> publishes.</summary>
public sealed record FlowDefinition(
    string Key,
    string Name,
    string? VersionName,
    TriggerDefinition Trigger,
    IReadOnlyList<NodeDefinition> Nodes,
    IReadOnlyList<EdgeDefinition> Edges);
