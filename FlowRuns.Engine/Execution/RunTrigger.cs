namespace FlowRuns.Engine.Execution;

/// <summary>What started a run.</summary>
public enum RunTrigger
{
    Manual,
    Api,
    Event,
    Schedule,
    Webhook,
    Subflow,
    Replay,
    Test,
}
