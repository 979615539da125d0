using System.Globalization;

namespace FlowRuns.Web.Api;

/// <summary>
/// Which runs' paths to count, read from a URL (the API's and the Paths tab's alike): <c>version</c> (default: the newest),
/// <c>compare</c> (a second version whose edge shares are shown beside), <c>range</c> (<c>published</c> — since the
/// version was published, the default —, <c>24h</c>, <c>7d</c>, <c>30d</c>) or <c>from</c>/<c>to</c> (by end time),
/// <c>limit</c> (groups listed, 1–100, default 50). Times and ranges follow the run list's rules.
/// </summary>
public sealed record PathWindow(int? Version, int? Compare, string? Range, DateTimeOffset? From, DateTimeOffset? To, int Limit)
{
    public const string SincePublished = "published";

    public static (PathWindow Window, IReadOnlyList<RunFilterParser.ParseError> Errors) Parse(Func<string, string?> query, DateTimeOffset now)
    {
        var problems = new List<RunFilterParser.ParseError>();
        var range = RunFilterParser.Blank(query("range"))?.ToLowerInvariant();
        var hasFrom = RunFilterParser.Blank(query("from")) is not null;
        var sincePublished = range == SincePublished || (range is null && !hasFrom);
        if (range == SincePublished && hasFrom) problems.Add(new("range", "Give 'range' or 'from', not both."));
        // Hours, days or dates: the run list's parser and messages.
        var (filter, errors) = RunFilterParser.Parse(name => name switch
        {
            "range" => sincePublished ? null : range,
            "from" => sincePublished ? null : query(name),
            "to" => query(name),
            _ => null,
        }, now);
        problems.AddRange(errors);
        var limit = 50;
        if (RunFilterParser.Blank(query("limit")) is { } text
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= Engine.Persistence.Queries.PathQueries.MaxGroups))
        {
            problems.Add(new("limit", $"'limit' must be a whole number from 1 to {Engine.Persistence.Queries.PathQueries.MaxGroups}."));
            limit = 50;
        }
        var version = ParseVersion(query("version"), "version", problems);
        var compare = ParseVersion(query("compare"), "compare", problems);
        if (compare is not null && compare == version) problems.Add(new("compare", "'compare' must be another version than 'version'."));
        return (new PathWindow(version, compare, sincePublished ? SincePublished : range, filter.From, filter.To, limit), problems);
    }

    private static int? ParseVersion(string? value, string field, List<RunFilterParser.ParseError> problems)
    {
        if (RunFilterParser.Blank(value) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1) return number;
        problems.Add(new(field, $"'{field}' must be a version number (a whole number from 1 to {int.MaxValue}); '{(text.Length > 20 ? text[..20] + "…" : text)}' is not."));
        return null;
    }
}
