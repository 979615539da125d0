namespace FlowRuns.Engine.Execution;

/// <summary>A new flow was asked for under a key another flow already has.</summary>
public sealed class FlowExistsException(string key) : Exception($"A flow with the key '{key}' already exists.")
{
    public string Key { get; } = key;
}
