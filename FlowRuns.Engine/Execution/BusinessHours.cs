namespace FlowRuns.Engine.Execution;

/// <summary>Finds the next moment inside the workspace's business hours, in its time zone, across weekends and DST changes.</summary>
public sealed class BusinessHours(BusinessHoursOptions options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    /// <summary><paramref name="now"/> itself when inside business hours, else the start of the next business period.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        for (var day = 0; day < 8; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            if (!options.Days.Contains(date.DayOfWeek)) continue;
            var open = ToUtc(date.ToDateTime(options.Start));
            var close = ToUtc(date.ToDateTime(options.End));
            if (now < open) return open;
            if (now < close) return now;
        }
        throw new InvalidOperationException("Business hours have no open day in the week; check FlowRuns:BusinessHours:Days.");
    }

    private DateTimeOffset ToUtc(DateTime local)
    {
        // A local time skipped by a DST change does not exist: move on to the first valid minute.
        while (_zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, _zone), TimeSpan.Zero);
    }
}
