using FlowRuns.Web.Access;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using FlowRuns.Web.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>POST /api/events</c>: a contact did something; start (and resume) the runs it concerns.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events", PostAsync).WithTags("Events").WithSummary("Post a contact event").Accepts<EventBody>("application/json")
            .RequireRateLimiting(RateLimits.Events).RequireAuthorization(Roles.Policies.Ingest);
        return app;
    }

    public static async Task<Results<Accepted<EventOutcome>, ProblemHttpResult>> PostAsync(
        HttpRequest request, EventRouter router, Engine.Persistence.ContactStore contacts, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<EventBody>(request, cancellationToken);
        if (problem is not null) return problem;
        var name = body!.Name;
        if (string.IsNullOrWhiteSpace(name)) return ApiProblems.BadRequest("name", "'name' is required: the event name, e.g. card.dismissed.");
        var contactId = body.ContactId;
        var audience = body.Audience;
        if (string.IsNullOrWhiteSpace(contactId) == string.IsNullOrWhiteSpace(audience))
            return ApiProblems.BadRequest(audience is null ? "contactId" : "audience", "Give exactly one of 'contactId' (one contact) or 'audience' (an expression over contact attributes, e.g. %{area} == \"north\").");
        var values = Values.FromJson(body.Properties) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        if (audience is not null)
        {
            CompiledExpression expression;
            try { expression = AudienceResolver.Parse(audience); }
            catch (ExpressionException ex) { return ApiProblems.BadRequest("audience", $"'audience' does not parse: {ex.Message}"); }
            return TypedResults.Accepted((string?)null, await router.PostToAudienceAsync(name, values, expression, cancellationToken));
        }
        if (await contacts.FindAsync(contactId!, cancellationToken) is null) return ApiProblems.NotFound($"No contact '{contactId}' exists.", "contactId");
        var outcome = await router.PostAsync(new ContactEvent(contactId!, name, values), cancellationToken);
        return TypedResults.Accepted((string?)null, outcome);
    }
}
