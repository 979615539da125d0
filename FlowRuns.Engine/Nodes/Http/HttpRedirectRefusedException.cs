namespace FlowRuns.Engine.Nodes.Http;

/// <summary>A redirect the http node does not follow; the step fails with HTTP_REDIRECT_REFUSED.</summary>
public sealed class HttpRedirectRefusedException(string message) : Exception(message);
