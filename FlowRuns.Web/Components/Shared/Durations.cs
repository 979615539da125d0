namespace FlowRuns.Web.Components.Shared;

/// <summary>Durations the way people read them: 12 ms, 3.4 s, 5 min, 2 h 10 min, 3 d 4 h.</summary>
public static class Durations
{
    public static string Format(double? milliseconds)
    {
        if (milliseconds is not { } ms) return "—";
        var span = TimeSpan.FromMilliseconds(ms);
        if (ms < 1000) return $"{ms:0.#} ms";
        if (span.TotalSeconds < 60) return $"{span.TotalSeconds:0.#} s";
        if (span.TotalMinutes < 60) return $"{(int)span.TotalMinutes} min {span.Seconds} s";
        if (span.TotalHours < 24) return $"{(int)span.TotalHours} h {span.Minutes} min";
        return $"{(int)span.TotalDays} d {span.Hours} h";
    }
}
