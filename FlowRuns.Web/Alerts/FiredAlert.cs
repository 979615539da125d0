namespace FlowRuns.Web.Alerts;

/// <summary>
/// A rule that fired: when, what it found (<see cref="Message"/>, <see cref="Count"/>), the run list that shows the
/// matching runs (<see cref="RunsLink"/>, an app path), what its webhook answered, and who acknowledged it.
/// </summary>
public sealed class FiredAlert
{
    public long Id { get; set; }
    public long RuleId { get; set; }
    public required string RuleName { get; set; }
    public required string Kind { get; set; }
    public string? FlowKey { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Message { get; set; }
    public int Count { get; set; }
    public required string RunsLink { get; set; }
    public string? WebhookResult { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}
