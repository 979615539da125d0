using System.Globalization;

namespace FlowRuns.Web.Api;

/// <summary>
/// Times in query strings: ISO-8601 only — a date (<c>2026-11-22</c>, midnight UTC) or a date and time with an optional
/// offset (<c>2026-11-22T09:00</c>, <c>…T09:00:00Z</c>, <c>…T09:00:00.5+01:00</c>; no offset means UTC). Culture-shaped
/// text such as <c>12/31/2026</c> is refused, so one string never means two days.
/// </summary>
public static class IsoTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string text, out DateTimeOffset time)
    {
        var ok = DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        return ok;
    }
}
