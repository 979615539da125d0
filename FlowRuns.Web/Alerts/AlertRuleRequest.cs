namespace FlowRuns.Web.Alerts;

/// <summary>A new alert rule as the API and the alerts page send it (checked by <see cref="AlertRules"/>).</summary>
public sealed record AlertRuleRequest(string? Name, string? Kind, string? Flow, int? Threshold, int? Minutes, string? WebhookUrl);
