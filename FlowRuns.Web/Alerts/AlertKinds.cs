namespace FlowRuns.Web.Alerts;

/// <summary>The three things an alert rule can watch, and their limits.</summary>
public static class AlertKinds
{
    public const string Failures = "failures";
    public const string Waiting = "waiting";
    public const string FailureRate = "failureRate";

    public static readonly IReadOnlyList<string> All = [Failures, Waiting, FailureRate];

    /// <summary>A failure rate is judged only once this many runs of the version ended in the window (1 of 1 is not 100 %).</summary>
    public const int MinRunsForRate = 5;

    public const int MaxRules = 100;
    public const int MaxNameLength = 100;
    public const int MaxWebhookLength = 2000;
    public const int MaxFailures = 100_000;
    /// <summary>Windows and waits: from a minute up to 30 days.</summary>
    public const int MaxMinutes = 30 * 24 * 60;

    /// <summary>The rule in words: "More than 3 failed runs in 10 min on loan-approval".</summary>
    public static string Describe(AlertRule rule)
    {
        var where = rule.FlowKey is null ? "in any flow" : $"on {rule.FlowKey}";
        return rule.Kind switch
        {
            Failures => $"More than {rule.Threshold} failed run{(rule.Threshold == 1 ? "" : "s")} in {Minutes(rule.Minutes)} {where}",
            Waiting => $"A run waiting longer than {Minutes(rule.Minutes)} {where}",
            FailureRate => $"Failure rate above {rule.Threshold} % on the newest version of {rule.FlowKey}, over {Minutes(rule.Minutes)}",
            _ => rule.Kind,
        };
    }

    public static string Minutes(int minutes) => minutes switch
    {
        _ when minutes % (24 * 60) == 0 => $"{minutes / (24 * 60)} d",
        _ when minutes % 60 == 0 => $"{minutes / 60} h",
        _ => $"{minutes} min",
    };
}
