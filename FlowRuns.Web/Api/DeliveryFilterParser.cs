using System.Globalization;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Api;

/// <summary>
/// Reads delivery filters from query parameters — the API's and the deliveries page's URLs alike: <c>contact</c>,
/// <c>run</c>, <c>flow</c>, <c>channel</c>, <c>status</c>, the time sent as <c>range</c> (today, 24h, 7d, 30d…) or
/// <c>from</c>/<c>to</c> (ISO-8601), <c>limit</c> and <c>cursor</c>. Each bad value is reported with its parameter name;
/// the filter comes back without it.
/// </summary>
public static class DeliveryFilterParser
{
    public const int DefaultLimit = 100;
    public static readonly IReadOnlyList<string> Statuses =
        [DeliveryStatuses.Queued, DeliveryStatuses.Sent, DeliveryStatuses.Delivered, DeliveryStatuses.Failed, DeliveryStatuses.Suppressed];

    public static (DeliveryListFilter Filter, IReadOnlyList<RunFilterParser.ParseError> Errors) Parse(Func<string, string?> query, DateTimeOffset now)
    {
        var errors = new List<RunFilterParser.ParseError>();
        Guid? run = null;
        if (RunFilterParser.Blank(query("run")) is { } runText)
        {
            if (RunIds.TryParse(runText, out var parsed)) run = parsed;
            else errors.Add(new("run", $"'{runText}' is not a run id (32 hex digits)."));
        }
        var channel = RunFilterParser.Blank(query("channel"));
        if (channel is not null && !SendNode.Channels.Contains(channel))
        {
            errors.Add(new("channel", $"'channel' is one of {string.Join(", ", SendNode.Channels)}."));
            channel = null;
        }
        var status = RunFilterParser.Blank(query("status"));
        if (status is not null && !Statuses.Contains(status))
        {
            errors.Add(new("status", $"'status' is one of {string.Join(", ", Statuses)}."));
            status = null;
        }
        var flow = RunFilterParser.Blank(query("flow"));
        if (flow is { Length: > RunFilterParser.MaxNameLength })
        {
            errors.Add(new("flow", $"'flow' is a flow key of at most {RunFilterParser.MaxNameLength} characters."));
            flow = null;
        }
        var rangeStart = RunFilterParser.ParseRange(query("range"), now, errors);
        if (rangeStart is not null && RunFilterParser.Blank(query("from")) is not null) errors.Add(new("range", "Give 'range' or 'from', not both."));
        var limit = DefaultLimit;
        if (RunFilterParser.Blank(query("limit")) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DeliveryQueries.MaxLimit))
        {
            errors.Add(new("limit", $"'limit' must be a whole number from 1 to {DeliveryQueries.MaxLimit}."));
            limit = DefaultLimit;
        }
        DeliveryCursor? cursor = null;
        if (RunFilterParser.Blank(query("cursor")) is { } cursorText && !DeliveryCursor.TryDecode(cursorText, out cursor))
            errors.Add(new("cursor", "'cursor' is not a cursor this API gave out; take 'next' from the previous page."));
        var filter = new DeliveryListFilter
        {
            Contact = RunFilterParser.Blank(query("contact")),
            Run = run,
            Flow = flow,
            Channel = channel,
            Status = status,
            From = rangeStart ?? RunFilterParser.ParseTime(query("from"), "from", errors),
            To = RunFilterParser.ParseTime(query("to"), "to", errors),
            Limit = limit,
            Cursor = cursor,
        };
        return (filter, errors);
    }
}
