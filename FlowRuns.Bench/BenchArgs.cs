namespace FlowRuns.Bench;

/// <summary>Reads <c>--name value</c> options.</summary>
internal static class BenchArgs
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    public static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>App settings that lift the API's rate limits: a benchmark that measures how fast the app can go must not measure the limit.</summary>
    public static readonly string[] Unthrottled = ["--FlowRuns:RateLimits:EventsPerSecond=1000000", "--FlowRuns:RateLimits:RunStartsPerSecond=1000000"];
}
