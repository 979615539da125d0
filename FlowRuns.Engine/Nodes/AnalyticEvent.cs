namespace FlowRuns.Engine.Nodes;

/// <summary>An analytic event a step fired (<c>card.sent</c>, <c>http.called</c>…), stored under that step.</summary>
public sealed record AnalyticEvent(string Name, DateTimeOffset At, IReadOnlyDictionary<string, object?>? Properties);
