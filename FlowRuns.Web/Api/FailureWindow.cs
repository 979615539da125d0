using System.Globalization;

namespace FlowRuns.Web.Api;

/// <summary>
/// Which failures to group, read from a URL (the API's and the failures pages' alike): <c>flow</c>, <c>range</c>
/// (<c>24h</c>, <c>7d</c> — the default —, <c>30d</c>) or <c>from</c>/<c>to</c>, <c>limit</c> (1–200, default 50).
/// Parsed by the run-list parser's rules, so a link from one to the other means the same window.
/// </summary>
public sealed record FailureWindow(string? Flow, string? Range, DateTimeOffset From, DateTimeOffset? To, int Limit)
{
    public const string DefaultRange = "7d";

    public static (FailureWindow Window, IReadOnlyList<RunFilterParser.ParseError> Errors) Parse(Func<string, string?> query, DateTimeOffset now)
    {
        var (filter, errors) = RunFilterParser.Parse(name => name is "flow" or "range" or "from" or "to" ? query(name) : null, now);
        var problems = errors.ToList();
        var limit = 50;
        if (RunFilterParser.Blank(query("limit")) is { } text
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= Engine.Persistence.Queries.FailureQueries.MaxGroups))
        {
            problems.Add(new("limit", $"'limit' must be a whole number from 1 to {Engine.Persistence.Queries.FailureQueries.MaxGroups}."));
            limit = 50;
        }
        var range = RunFilterParser.Blank(query("range"))?.ToLowerInvariant() ?? (filter.From is null ? DefaultRange : null);
        var from = filter.From ?? (RunFilterParser.TryParseRange(range, now, out var start) ? start : now - TimeSpan.FromDays(7));
        return (new FailureWindow(filter.Flow, filter.From is null || query("range") is { Length: > 0 } ? range : null, from, filter.To, limit), problems);
    }
}
