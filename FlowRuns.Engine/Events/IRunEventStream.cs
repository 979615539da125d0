namespace FlowRuns.Engine.Events;

/// <summary>The engine's in-process stream of committed run changes. Publishing never blocks the engine.</summary>
public interface IRunEventStream
{
    void Publish(RunStreamEvent change);

    /// <summary>A new subscription with its own bounded buffer; when it is full, new events are dropped and counted.</summary>
    RunEventSubscription Subscribe(int capacity = 4096);
}
