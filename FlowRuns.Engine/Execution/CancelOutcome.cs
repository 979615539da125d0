namespace FlowRuns.Engine.Execution;

/// <summary>What a cancel request did.</summary>
public enum CancelStatus
{
    Cancelled,
    NotFound,
    AlreadyEnded,
}

/// <summary>The outcome of a cancel request, with a sentence for the person who asked.</summary>
public sealed record CancelOutcome(CancelStatus Status, string Message);
