namespace FlowRuns.Engine.Execution;

/// <summary>What a run starts from. A test run may carry a <see cref="MockContact"/> instead of a stored contact.</summary>
public sealed record StartRunRequest(string FlowKey, RunTrigger Trigger)
{
    public string? ContactId { get; init; }
    public ContactSnapshot? MockContact { get; init; }
    public IReadOnlyDictionary<string, object?>? Data { get; init; }
    /// <summary>The contact event that started the run: its name and properties.</summary>
    public IReadOnlyDictionary<string, object?>? Event { get; init; }
    public bool IsTest { get; init; }
    /// <summary>Run a given version instead of the current one (replays).</summary>
    public int? Version { get; init; }
    public Guid? ReplayOf { get; init; }
    /// <summary>The accepted event whose fan-out starts the run: at most one run per event, flow and contact is stored.</summary>
    public Guid? SourceEventId { get; init; }
}
