using System.Globalization;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Api;

/// <summary>
/// Reads run-list filters from query parameters (the API's and the run pages' URLs alike):
/// <c>status</c>, <c>flow</c>, <c>version</c>, <c>contact</c>, <c>trigger</c>, <c>range</c> (<c>today</c>, <c>24h</c>, <c>7d</c>, <c>30d</c>:
/// since midnight UTC, or the last hours or days, instead of <c>from</c>), <c>from</c>, <c>to</c>, <c>test</c>, <c>errorCode</c> (failed with one of these codes),
/// <c>node</c> (waiting at, or ended or failed on, one of these node ids), <c>limit</c>, <c>cursor</c>.
/// Each bad value is reported with its parameter name; the filter comes back without it.
/// </summary>
public static class RunFilterParser
{
    public sealed record ParseError(string Field, string Message);

    public static (RunListFilter Filter, IReadOnlyList<ParseError> Errors) Parse(Func<string, string?> query, DateTimeOffset now)
    {
        var errors = new List<ParseError>();
        var rangeStart = ParseRange(query("range"), now, errors);
        if (rangeStart is not null && Blank(query("from")) is not null) errors.Add(new("range", "Give 'range' or 'from', not both."));
        var filter = new RunListFilter
        {
            Statuses = ParseEnumList<RunStatus>(query("status"), "status", errors),
            Flow = Blank(query("flow")),
            Versions = ParseVersions(query("version"), errors),
            Contact = Blank(query("contact")),
            Triggers = ParseEnumList<RunTrigger>(query("trigger"), "trigger", errors),
            From = rangeStart ?? ParseTime(query("from"), "from", errors),
            To = ParseTime(query("to"), "to", errors),
            Test = ParseBool(query("test"), "test", errors),
            ErrorCodes = ParseNames(query("errorCode"), "errorCode", errors),
            Nodes = ParseNames(query("node"), "node", errors),
            Limit = ParseLimit(query("limit"), errors),
            Cursor = ParseCursor(query("cursor"), errors),
        };
        if (filter.Versions.Count > 0 && filter.Flow is null) errors.Add(new("version", "'version' filters need a 'flow'."));
        if (filter.From is { } from && filter.To is { } to && to <= from) errors.Add(new("to", "'to' must be after 'from'."));
        return (filter, errors);
    }

    /// <summary>
    /// Where a range starts: <c>today</c> (since midnight UTC), or a whole number of hours or days back from
    /// <paramref name="now"/> such as <c>24h</c> or <c>7d</c>, up to a year.
    /// </summary>
    public static bool TryParseRange(string? text, DateTimeOffset now, out DateTimeOffset from)
    {
        from = default;
        if (string.Equals(text?.Trim(), "today", StringComparison.OrdinalIgnoreCase))
        {
            from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            return true;
        }
        if (!TryParseSpan(text, out var span)) return false;
        from = now - span;
        return true;
    }

    /// <summary>A range such as <c>24h</c> or <c>7d</c>: a whole number of hours or days, up to a year.</summary>
    private static bool TryParseSpan(string? text, out TimeSpan range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2) return false;
        var unit = char.ToLowerInvariant(text[^1]);
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1) return false;
        range = unit switch { 'h' => TimeSpan.FromHours(amount), 'd' => TimeSpan.FromDays(amount), _ => TimeSpan.Zero };
        return range > TimeSpan.Zero && range <= TimeSpan.FromDays(366);
    }

    internal static DateTimeOffset? ParseRange(string? value, DateTimeOffset now, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return null;
        if (TryParseRange(text, now, out var from)) return from;
        errors.Add(new("range", $"'{text}' is not a range; use today, or a number of hours or days such as 24h, 7d or 30d."));
        return null;
    }

    /// <summary>The trimmed value, or null when it is blank.</summary>
    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyList<T> ParseEnumList<T>(string? value, string field, List<ParseError> errors) where T : struct, Enum
    {
        if (Blank(value) is not { } text) return [];
        var items = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<T>(part, ignoreCase: true, out var parsed) && !int.TryParse(part, out _)) items.Add(parsed);
            else errors.Add(new(field, $"'{part}' is not a {field}; use {string.Join(", ", Enum.GetNames<T>())}."));
        }
        return items.Distinct().ToList();
    }

    public const int MaxNames = 20;
    public const int MaxNameLength = 100;

    /// <summary>A comma-separated list of error codes or node ids: at most 20, each at most 100 characters.</summary>
    private static IReadOnlyList<string> ParseNames(string? value, string field, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return [];
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (items.Count > MaxNames) { errors.Add(new(field, $"'{field}' takes at most {MaxNames} values.")); return []; }
        if (items.FirstOrDefault(i => i.Length > MaxNameLength) is { } tooLong) { errors.Add(new(field, $"'{tooLong[..20]}…' is longer than {MaxNameLength} characters.")); return []; }
        return items;
    }

    private static IReadOnlyList<int> ParseVersions(string? value, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return [];
        var items = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0) items.Add(number);
            else errors.Add(new("version", $"'{part}' is not a version number."));
        }
        return items.Distinct().ToList();
    }

    internal static DateTimeOffset? ParseTime(string? value, string field, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return null;
        if (IsoTime.TryParse(text, out var time)) return time;
        errors.Add(new(field, $"'{text}' is not an ISO-8601 time such as 2026-11-22T09:00:00Z."));
        return null;
    }

    private static bool? ParseBool(string? value, string field, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return null;
        if (bool.TryParse(text, out var parsed)) return parsed;
        errors.Add(new(field, $"'{text}' is not true or false."));
        return null;
    }

    private static int ParseLimit(string? value, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return RunListFilter.DefaultLimit;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= RunListFilter.MaxLimit) return limit;
        errors.Add(new("limit", $"'limit' must be a whole number from 1 to {RunListFilter.MaxLimit}."));
        return RunListFilter.DefaultLimit;
    }

    private static RunCursor? ParseCursor(string? value, List<ParseError> errors)
    {
        if (Blank(value) is not { } text) return null;
        if (RunCursor.TryDecode(text, out var cursor)) return cursor;
        errors.Add(new("cursor", "'cursor' is not a cursor this API gave out; use the nextCursor of a previous page."));
        return null;
    }
}
