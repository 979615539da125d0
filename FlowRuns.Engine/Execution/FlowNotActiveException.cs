namespace FlowRuns.Engine.Execution;

/// <summary>The flow is paused or inactive, so it starts no new runs.</summary>
public sealed class FlowNotActiveException(string key, FlowStatus status)
    : Exception($"Flow '{key}' is {status.ToString().ToLowerInvariant()}, so it starts no new runs.")
{
    public string Key { get; } = key;
}
