namespace FlowRuns.Engine.Execution;

/// <summary>Something a contact did (<c>loan.submitted</c>, <c>card.dismissed</c>…), posted to FlowRuns.</summary>
public sealed record ContactEvent(string ContactId, string Name, IReadOnlyDictionary<string, object?> Properties)
{
    /// <summary>The event as <c>%{event.*}</c> sees it: its properties, and its <c>name</c>.</summary>
    public IReadOnlyDictionary<string, object?> AsVariables() =>
        new Dictionary<string, object?>(Properties) { ["name"] = Properties.TryGetValue("name", out var n) ? n : Name };
}
