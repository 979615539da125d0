using Cronos;

namespace FlowRuns.Engine.Execution;

/// <summary>Cron schedules (five fields, or six with seconds), read with Cronos, in UTC.</summary>
public static class Schedules
{
    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    /// <summary>The first tick strictly after <paramref name="after"/>; far in the future for a cron that never fires.</summary>
    public static DateTimeOffset Next(string cron, DateTimeOffset after) =>
        Parse(cron).GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
}
