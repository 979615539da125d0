namespace FlowRuns.Engine.Execution;

/// <summary>The workspace's business hours (default Monday–Friday 09:00–17:00) in its time zone.</summary>
public sealed class BusinessHoursOptions
{
    public string TimeZone { get; set; } = "UTC";

    public TimeOnly Start { get; set; } = new(9, 0);

    public TimeOnly End { get; set; } = new(17, 0);

    public List<DayOfWeek> Days { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}
