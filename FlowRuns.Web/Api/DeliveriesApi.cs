using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>GET /api/deliveries</c>: delivery attempts, newest first; filters <c>contact</c>, <c>run</c>, <c>channel</c>, <c>status</c>, <c>limit</c>.</summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deliveries", ListAsync).WithTags("Deliveries").WithSummary("Delivery attempts, newest first, linked to their runs (recipients masked for viewers)")
            .RequireAuthorization(Roles.Policies.Read);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, DeliveryQueries deliveries, CancellationToken cancellationToken)
    {
        var (filter, errors) = DeliveryFilterParser.Parse(name => request.Query[name].ToString());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, errors[0].Message);
        var list = await deliveries.ListAsync(filter.Contact, filter.Run, filter.Channel, filter.Status, filter.Limit, cancellationToken);
        return TypedResults.Ok(ContactDetailMask.Deliveries(Actor.From(request.HttpContext), list));
    }
}
