namespace FlowRuns.Engine.Nodes;

/// <summary>A machine-readable failure code with a human message, a suggested fix and optional technical detail.</summary>
public sealed record StepError(string Code, string Message, string SuggestedFix, string? Detail = null);
