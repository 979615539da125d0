namespace FlowRuns.Engine.Nodes.Http;

/// <summary>An http node asked for an address it may not reach.</summary>
public sealed class HttpBlockedTargetException(string message) : Exception(message);
