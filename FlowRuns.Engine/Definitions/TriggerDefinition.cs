namespace FlowRuns.Engine.Definitions;

/// <summary>How runs of a flow start: <c>manual</c>, <c>api</c>, <c>event</c> (with <see cref="Event"/>), <c>schedule</c> (with <see cref="Cron"/>), <c>webhook</c>.</summary>
public sealed record TriggerDefinition(string Type, string? Event = null, string? Cron = null, string? Audience = null)
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string> { "manual", "api", "event", "schedule", "webhook" };
}
