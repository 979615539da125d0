using System.Globalization;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace FlowRuns.Web.Components.Runs.History;

/// <summary>
/// The run-history filters as the URL holds them (<c>status</c>, <c>flow</c>, <c>version</c>, <c>contact</c>, <c>trigger</c>,
/// <c>range</c> or <c>from</c>/<c>to</c>) — the same parameters as <c>GET /api/runs</c>, so a copied link and the CSV
/// export show the same runs. Immutable: every change gives a new state.
/// </summary>
public sealed record RunFilterState
{
    public static readonly IReadOnlyList<RunStatus> StatusChoices =
        [RunStatus.Pending, RunStatus.Running, RunStatus.Waiting, RunStatus.Paused, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled];
    public static readonly IReadOnlyList<string> RangeChoices = ["today", "24h", "7d", "30d"];

    public IReadOnlyList<RunStatus> Statuses { get; init; } = [];
    public string? Flow { get; init; }
    public IReadOnlyList<int> Versions { get; init; } = [];
    public string? Contact { get; init; }
    public IReadOnlyList<RunTrigger> Triggers { get; init; } = [];
    /// <summary>today, 24h, 7d or 30d: a window that moves with the clock. Otherwise <see cref="From"/>/<see cref="To"/> may be set.</summary>
    public string? Range { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Failed with one of these error codes.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];
    /// <summary>Waiting at, or ended or failed on, one of these node ids.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    public bool IsEmpty => this == new RunFilterState();

    /// <summary>Reads the filters from a URL; values that are not valid are dropped and returned, to be told to the user.</summary>
    /// <param name="uri">The page's absolute URL.</param>
    /// <param name="fixedFlow">The flow the page belongs to, if any: it wins over the URL's.</param>
    /// <param name="fixedContact">The contact the page belongs to, if any.</param>
    public static (RunFilterState State, IReadOnlyList<RunFilterParser.ParseError> Dropped) FromUri(string uri, string? fixedFlow = null, string? fixedContact = null)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string name) => name switch
        {
            "flow" when fixedFlow is not null => fixedFlow,
            "contact" when fixedContact is not null => fixedContact,
            _ => query.TryGetValue(name, out var value) ? value.ToString() : null,
        };
        // limit and cursor belong to the API, not to a page's URL.
        var (filter, errors) = RunFilterParser.Parse(name => name is "limit" or "cursor" or "test" ? null : Get(name), DateTimeOffset.UtcNow);
        var dropped = errors.ToList();
        var range = Get("range") is { Length: > 0 } text && RunFilterParser.TryParseRange(text, DateTimeOffset.UtcNow, out _) && !dropped.Any(e => e.Field == "range") ? text.ToLowerInvariant() : null;
        var state = new RunFilterState
        {
            Statuses = filter.Statuses,
            Flow = filter.Flow,
            Versions = filter.Flow is null ? [] : filter.Versions,
            Contact = filter.Contact,
            Triggers = filter.Triggers,
            Range = range,
            From = range is null && !dropped.Any(e => e.Field == "from") ? filter.From : null,
            To = dropped.Any(e => e.Field == "to") ? null : filter.To,
            ErrorCodes = filter.ErrorCodes,
            Nodes = filter.Nodes,
        };
        return (state, dropped);
    }

    /// <summary>The query string (with its <c>?</c>, or empty) that <see cref="FromUri"/> reads back to this state.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add(name + "=" + value);
        }
        static string Join<T>(IEnumerable<T> items) => string.Join(",", items.Select(i => Uri.EscapeDataString(Convert.ToString(i, CultureInfo.InvariantCulture)!)));
        Add("status", Join(Statuses));
        Add("flow", Flow is null ? null : Uri.EscapeDataString(Flow));
        Add("version", Join(Versions));
        Add("contact", Contact is null ? null : Uri.EscapeDataString(Contact));
        Add("trigger", Join(Triggers.Select(RunQueries.TriggerName)));
        Add("range", Range);
        Add("from", From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("to", To?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("errorCode", Join(ErrorCodes));
        Add("node", Join(Nodes));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The query for the store, with a moving <see cref="Range"/> resolved against <paramref name="now"/>.</summary>
    public RunListFilter ToListFilter(DateTimeOffset now, int limit = RunListFilter.DefaultLimit) => new()
    {
        Statuses = Statuses,
        Flow = Flow,
        Versions = Versions,
        Contact = Contact,
        Triggers = Triggers,
        From = Range is not null && RunFilterParser.TryParseRange(Range, now, out var start) ? start : From,
        To = To,
        ErrorCodes = ErrorCodes,
        Nodes = Nodes,
        Limit = limit,
    };

    /// <summary>One chip per active filter, with the key <see cref="Without"/> takes to remove it.</summary>
    public IReadOnlyList<(string Key, string Label)> Chips()
    {
        var chips = new List<(string, string)>();
        if (Statuses.Count > 0) chips.Add(("status", "Status: " + string.Join(" or ", Statuses)));
        if (Flow is not null) chips.Add(("flow", "Flow: " + Flow));
        if (Versions.Count > 0) chips.Add(("version", "Version: " + string.Join(", ", Versions.Select(v => "v" + v))));
        if (Contact is not null) chips.Add(("contact", "Contact: " + Contact));
        if (Triggers.Count > 0) chips.Add(("trigger", "Trigger: " + string.Join(" or ", Triggers.Select(RunQueries.TriggerName))));
        if (Range is not null) chips.Add(("range", Range == "today" ? "Started: today" : "Started: last " + DescribeRange(Range)));
        if (From is not null) chips.Add(("from", $"From {From:yyyy-MM-dd HH:mm} UTC"));
        if (To is not null) chips.Add(("to", $"Until {To:yyyy-MM-dd HH:mm} UTC"));
        if (ErrorCodes.Count > 0) chips.Add(("errorCode", "Error: " + string.Join(" or ", ErrorCodes)));
        if (Nodes.Count > 0) chips.Add(("node", "At step: " + string.Join(" or ", Nodes)));
        return chips;
    }

    public RunFilterState Without(string key) => key switch
    {
        "status" => this with { Statuses = [] },
        "flow" => this with { Flow = null, Versions = [] },
        "version" => this with { Versions = [] },
        "contact" => this with { Contact = null },
        "trigger" => this with { Triggers = [] },
        "range" => this with { Range = null },
        "from" => this with { From = null },
        "to" => this with { To = null },
        "errorCode" => this with { ErrorCodes = [] },
        "node" => this with { Nodes = [] },
        _ => this,
    };

    /// <summary>Only runs that failed with <paramref name="code"/> (added to the codes already chosen).</summary>
    public RunFilterState WithErrorCode(string code) => ErrorCodes.Contains(code) ? this : this with { ErrorCodes = [.. ErrorCodes, code] };

    /// <summary>Only runs at (or ended on) <paramref name="node"/> (added to the nodes already chosen).</summary>
    public RunFilterState WithNode(string node) => Nodes.Contains(node) ? this : this with { Nodes = [.. Nodes, node] };

    public RunFilterState ToggleStatus(RunStatus status) =>
        this with { Statuses = Statuses.Contains(status) ? Statuses.Where(s => s != status).ToList() : [.. Statuses, status] };

    public static string DescribeRange(string range) => range switch
    {
        "today" => "today",
        "24h" => "24 hours",
        "7d" => "7 days",
        "30d" => "30 days",
        _ => range,
    };

    // Records compare lists by reference; filters compare by content.
    public bool Equals(RunFilterState? other) => other is not null && ToQueryString() == other.ToQueryString();

    public override int GetHashCode() => ToQueryString().GetHashCode(StringComparison.Ordinal);
}
