using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A run with everything it did: steps with resolutions, events and deliveries.</summary>
public sealed record RunDetail(
    string Id,
    string Flow,
    string FlowName,
    int Version,
    string ContactId,
    string Status,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationMs,
    int Sequence,
    string? CurrentNodeId,
    ErrorView? Error,
    string? ParentRunId,
    IReadOnlyList<string> ChildRunIds,
    string? ReplayOf,
    bool Test,
    /// <summary>The contact event a waiting run waits for.</summary>
    string? WaitingFor,
    /// <summary>The child run a waiting run's subflow step waits for.</summary>
    string? WaitingForChildRunId,
    DateTimeOffset? WakeAt,
    JsonNode? Data,
    JsonNode? Event,
    JsonNode? Variables,
    IReadOnlyList<StepView> Steps,
    IReadOnlyList<RunEventView> Events,
    IReadOnlyList<DeliveryView> Deliveries)
{
    /// <summary>Each child run's status, by id (a subflow node shows how its child run went).</summary>
    public IReadOnlyDictionary<string, string> ChildRunStatuses { get; init; } = new Dictionary<string, string>();

    /// <summary>The contact's name, when the store knows one.</summary>
    public string? ContactName { get; init; }

    /// <summary>The runs replayed from this one, oldest first (at most 50).</summary>
    public IReadOnlyList<string> ReplayRunIds { get; init; } = [];
}
