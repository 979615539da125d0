using System.Globalization;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Api;

/// <summary>
/// Reads delivery filters from query parameters (the API's and the deliveries page's URLs alike): <c>contact</c>,
/// <c>run</c>, <c>channel</c>, <c>status</c>, <c>limit</c>. Each bad value is reported with its parameter name; the
/// filter comes back without it.
/// </summary>
public static class DeliveryFilterParser
{
    public const int DefaultLimit = 100;
    public static readonly IReadOnlyList<string> Statuses =
        [DeliveryStatuses.Queued, DeliveryStatuses.Sent, DeliveryStatuses.Delivered, DeliveryStatuses.Failed, DeliveryStatuses.Suppressed];

    public sealed record DeliveryFilter(string? Contact, Guid? Run, string? Channel, string? Status, int Limit);

    public static (DeliveryFilter Filter, IReadOnlyList<RunFilterParser.ParseError> Errors) Parse(Func<string, string?> query)
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
        var limit = DefaultLimit;
        if (RunFilterParser.Blank(query("limit")) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DeliveryQueries.MaxLimit))
        {
            errors.Add(new("limit", $"'limit' must be a whole number from 1 to {DeliveryQueries.MaxLimit}."));
            limit = DefaultLimit;
        }
        return (new DeliveryFilter(RunFilterParser.Blank(query("contact")), run, channel, status, limit), errors);
    }
}
