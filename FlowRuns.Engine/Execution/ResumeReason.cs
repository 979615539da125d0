namespace FlowRuns.Engine.Execution;

/// <summary>Why a suspended run is asked to go on.</summary>
public abstract record ResumeReason
{
    /// <summary>Its stored wake time has come (a delay ended, a wait timed out). Refused before that time, whoever asks.</summary>
    public sealed record Timer(string By = "scheduler") : ResumeReason;

    /// <summary>
    /// The contact event it waits for arrived. With <paramref name="EventId"/> (an accepted event handed straight to a free
    /// run), the run's inbox records it as applied in the same commit as the resume, so the event is never applied twice.
    /// </summary>
    public sealed record Event(ContactEvent ContactEvent, Guid? EventId = null) : ResumeReason;

    /// <summary>The child run its subflow step waits for has ended.</summary>
    public sealed record ChildEnded(Guid ChildId) : ResumeReason;

    /// <summary>The process stopped while the run was running: continue from its last committed step.</summary>
    public sealed record Recovery : ResumeReason;

    /// <summary>Its flow was resumed after a pause.</summary>
    public sealed record FlowResumed : ResumeReason;
}
