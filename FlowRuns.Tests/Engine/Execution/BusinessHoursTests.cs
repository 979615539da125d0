using FlowRuns.Engine.Execution;

namespace FlowRuns.Tests.Engine.Execution;

public class BusinessHoursTests
{
    private static readonly BusinessHours Berlin = new(new BusinessHoursOptions { TimeZone = "Europe/Berlin" });

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void InsideBusinessHours_IsNow() =>
        Assert.Equal(Utc(11, 18, 10), Berlin.NextOpen(Utc(11, 18, 10))); // Wednesday 11:00 in Berlin

    [Fact]
    public void BeforeOpening_WaitsForNineLocal() =>
        Assert.Equal(Utc(11, 18, 8), Berlin.NextOpen(Utc(11, 18, 5))); // 06:00 CET → 09:00 CET = 08:00 UTC

    [Fact]
    public void FridayEvening_WaitsForMondayMorning_AcrossTheWeekend() =>
        Assert.Equal(Utc(11, 23, 8), Berlin.NextOpen(Utc(11, 20, 17)));

    [Fact]
    public void AcrossTheSpringDstChange_MondayOpensAtNineSummerTime()
    {
        // Saturday 28 March 2026 (CET, UTC+1); clocks go forward on Sunday 29 March; Monday 09:00 CEST is 07:00 UTC.
        Assert.Equal(Utc(3, 30, 7), Berlin.NextOpen(Utc(3, 28, 12)));
    }

    [Fact]
    public void AcrossTheAutumnDstChange_MondayOpensAtNineWinterTime()
    {
        // Friday 23 October 2026 after hours (CEST); clocks go back on Sunday 25 October; Monday 09:00 CET is 08:00 UTC.
        Assert.Equal(Utc(10, 26, 8), Berlin.NextOpen(Utc(10, 23, 16)));
    }

    [Fact]
    public void UtcWorkspace_UsesUtcHours() =>
        Assert.Equal(Utc(11, 23, 9), new BusinessHours(new BusinessHoursOptions()).NextOpen(Utc(11, 21, 9)));
}
