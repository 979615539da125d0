namespace FlowRuns.Web.Access;

/// <summary>One workspace setting an owner changed on the settings page (key → value), with who and when.</summary>
public sealed class WorkspaceSetting
{
    public const string RetentionDays = "retention.days";

    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}
