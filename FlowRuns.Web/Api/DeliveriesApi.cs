using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>GET /api/deliveries</c>: delivery attempts, newest first, a keyset page at a time (filters <c>contact</c>, <c>run</c>,
/// <c>flow</c>, <c>channel</c>, <c>status</c>, <c>range</c>/<c>from</c>/<c>to</c>, <c>limit</c>, <c>cursor</c>);
/// <c>GET /api/deliveries/{id}</c>: one attempt; <c>POST /api/deliveries/{id}/resend</c>: a manual resend.
/// </summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/api/deliveries").WithTags("Deliveries");
        deliveries.MapGet("", ListAsync).RequireAuthorization(Roles.Policies.Read)
            .WithSummary("Delivery attempts, newest first, a page at a time, linked to their runs (recipients masked for viewers)");
        deliveries.MapGet("{id}", GetAsync).RequireAuthorization(Roles.Policies.Read).WithSummary("One delivery attempt");
        deliveries.MapPost("{id}/resend", ResendAsync).RequireAuthorization(Roles.Policies.Operate)
            .WithSummary("Send an attempt's message again: a new attempt with no run, linked to the original");
        return app;
    }

    public static async Task<Results<Ok<DeliveryPage>, ProblemHttpResult>> ListAsync(
        HttpRequest request, DeliveryQueries deliveries, TimeProvider time, CancellationToken cancellationToken)
    {
        var (filter, errors) = DeliveryFilterParser.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, errors[0].Message);
        var page = await deliveries.ListAsync(filter, cancellationToken);
        return TypedResults.Ok(page with { Items = ContactDetailMask.Deliveries(Actor.From(request.HttpContext), page.Items) });
    }

    public static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> GetAsync(string id, HttpContext context, DeliveryQueries deliveries, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var deliveryId)) return ApiProblems.BadRequest("id", $"'{id}' is not a delivery id (32 hex digits).");
        var attempt = await deliveries.FindAsync(deliveryId, cancellationToken);
        return attempt is null
            ? ApiProblems.NotFound($"No delivery attempt '{id}' exists.", "id")
            : TypedResults.Ok(ContactDetailMask.Deliveries(Actor.From(context), [attempt])[0]);
    }

    public static async Task<Results<Created<DeliveryView>, ProblemHttpResult>> ResendAsync(
        string id, HttpContext context, DeliveryResender resender, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var deliveryId)) return ApiProblems.BadRequest("id", $"'{id}' is not a delivery id (32 hex digits).");
        var actor = Actor.From(context);
        var outcome = await resender.ResendAsync(deliveryId, actor.Name, cancellationToken);
        if (outcome.NotFound) return ApiProblems.NotFound($"No delivery attempt '{id}' exists.", "id");
        if (outcome.Refusal is { } refusal) return ApiProblems.Conflict(refusal);
        var attempt = outcome.Attempt!;
        await audit.RecordAsync(actor, AuditActions.DeliveryResent,
            $"resent delivery {id} ({attempt.Channel} to {attempt.ContactId}) as {attempt.Id}: {attempt.Status}", flowKey: attempt.Flow, cancellationToken: CancellationToken.None);
        return TypedResults.Created($"/api/deliveries/{attempt.Id}", attempt);
    }
}
