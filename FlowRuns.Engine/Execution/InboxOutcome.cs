namespace FlowRuns.Engine.Execution;

/// <summary>What became of a contact event put in a run's inbox.</summary>
public enum InboxOutcome
{
    /// <summary>The run waited for it and goes on with it now.</summary>
    Resumed,
    /// <summary>The run is busy (walked, being resumed, paused): the event is applied when the run next suspends or is resumed.</summary>
    Queued,
    /// <summary>The run did not wait for it: it is filed on the run as "arrived, not awaited".</summary>
    NotAwaited,
    /// <summary>The run had ended: the event is filed on it as "arrived, not awaited".</summary>
    RunEnded,
}
