using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>An analytic event of a run, under the step it concerns.</summary>
public sealed record RunEventView(string Name, DateTimeOffset At, int? StepSequence, JsonNode? Properties)
{
    /// <summary>A contact event that reached the run while it was busy, or after it ended, and that it did not wait for.</summary>
    public bool NotAwaited { get; init; }
}
