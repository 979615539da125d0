using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>One step of a run as the API and the run page show it.</summary>
public sealed record StepView(
    int Sequence,
    string NodeId,
    int Attempt,
    string Status,
    string? Port,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationMs,
    JsonNode? Input,
    JsonNode? Output,
    IReadOnlyList<ResolutionView> Resolutions,
    IReadOnlyList<string> Warnings,
    ErrorView? Error);
