namespace FlowRuns.Engine.Execution;

/// <summary>No flow (or no such version of it) is published under that key.</summary>
public sealed class FlowNotFoundException(string key, int? version = null)
    : Exception(version is null ? $"No flow '{key}' is published." : $"Flow '{key}' has no version {version}.")
{
    public string Key { get; } = key;
}
