namespace FlowRuns.Engine.Execution;

/// <summary>What a resume request did.</summary>
public enum ResumeStatus
{
    /// <summary>The run goes on.</summary>
    Resumed,
    /// <summary>No run has that id.</summary>
    NotFound,
    /// <summary>The run is not waiting for this (another event, a timer, already running or ended).</summary>
    NotWaiting,
    /// <summary>The run waits until a later time; it is never resumed before.</summary>
    TooEarly,
    /// <summary>Another resume of the same run is under way.</summary>
    Busy,
}

/// <summary>The outcome of a resume request, with a sentence for the person who asked.</summary>
public sealed record ResumeOutcome(ResumeStatus Status, string Message, RunExecution? Execution = null)
{
    public bool Resumed => Status == ResumeStatus.Resumed;

    /// <summary>A walk took the run over (and with it the claim), rather than the resume only changing its status.</summary>
    internal bool Launched { get; init; }
}
