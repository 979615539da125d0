using System.Globalization;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>GET /api/deliveries</c>: delivery attempts, newest first; filters <c>contact</c>, <c>run</c>, <c>channel</c>, <c>status</c>, <c>limit</c>.</summary>
public static class DeliveriesApi
{
    private static readonly string[] Statuses = [DeliveryStatuses.Queued, DeliveryStatuses.Sent, DeliveryStatuses.Delivered, DeliveryStatuses.Failed, DeliveryStatuses.Suppressed];

    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deliveries", ListAsync).WithTags("Deliveries").WithSummary("Delivery attempts, newest first, linked to their runs");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, ProblemHttpResult>> ListAsync(
        string? contact, string? run, string? channel, string? status, string? limit, DeliveryQueries deliveries, CancellationToken cancellationToken)
    {
        Guid? runId = null;
        if (!string.IsNullOrWhiteSpace(run))
        {
            if (!RunIds.TryParse(run, out var parsed)) return ApiProblems.BadRequest("run", $"'{run}' is not a run id (32 hex digits).");
            runId = parsed;
        }
        if (!string.IsNullOrWhiteSpace(channel) && !SendNode.Channels.Contains(channel))
            return ApiProblems.BadRequest("channel", $"'channel' is one of {string.Join(", ", SendNode.Channels)}.");
        if (!string.IsNullOrWhiteSpace(status) && !Statuses.Contains(status))
            return ApiProblems.BadRequest("status", $"'status' is one of {string.Join(", ", Statuses)}.");
        var count = 100;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > DeliveryQueries.MaxLimit))
            return ApiProblems.BadRequest("limit", $"'limit' must be a whole number from 1 to {DeliveryQueries.MaxLimit}.");
        return TypedResults.Ok(await deliveries.ListAsync(Blank(contact), runId, Blank(channel), Blank(status), count, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
