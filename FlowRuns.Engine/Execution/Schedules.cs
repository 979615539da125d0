using Cronos;

namespace FlowRuns.Engine.Execution;

/// <summary>Cron schedules (five fields, or six with seconds), read with Cronos, in UTC.</summary>
public static class Schedules
{
    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    /// <summary>
    /// The shortest gap between two ticks of <paramref name="cron"/> over its next 100 ticks from a fixed moment (a cron
    /// that fires every second shows it at once); null for a cron that fires at most once.
    /// </summary>
    public static TimeSpan? ShortestInterval(string cron)
    {
        var expression = Parse(cron);
        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        TimeSpan? shortest = null;
        var previous = expression.GetNextOccurrence(at, TimeZoneInfo.Utc);
        for (var i = 0; i < 100 && previous is { } last; i++)
        {
            var next = expression.GetNextOccurrence(last, TimeZoneInfo.Utc);
            if (next is null) break;
            var gap = next.Value - last;
            if (shortest is null || gap < shortest) shortest = gap;
            previous = next;
        }
        return shortest;
    }

    /// <summary>The first tick strictly after <paramref name="after"/>; far in the future for a cron that never fires.</summary>
    public static DateTimeOffset Next(string cron, DateTimeOffset after) =>
        Parse(cron).GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
}
