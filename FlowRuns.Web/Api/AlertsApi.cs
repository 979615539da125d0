using FlowRuns.Web.Access;
using FlowRuns.Web.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// Alerts: <c>GET /api/alerts</c> (fired, newest first), <c>POST /api/alerts/acknowledge</c>, and the rules —
/// <c>GET /api/alerts/rules</c>, <c>POST /api/alerts/rules</c>, <c>DELETE /api/alerts/rules/{id}</c>.
/// </summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapGet("", async (AlertRules rules, CancellationToken ct) => TypedResults.Ok(await rules.FiredAsync(100, ct)))
            .RequireAuthorization(Roles.Policies.Read).WithSummary("Alerts that fired, newest first (the latest 100)");
        alerts.MapPost("acknowledge", AcknowledgeAsync).RequireAuthorization(Roles.Policies.Operate).WithSummary("Mark every fired alert as seen");
        alerts.MapGet("rules", async (AlertRules rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)))
            .RequireAuthorization(Roles.Policies.Read).WithSummary("The alert rules");
        alerts.MapPost("rules", AddAsync).RequireAuthorization(Roles.Policies.Operate).Accepts<AlertRuleRequest>("application/json")
            .WithSummary("Add an alert rule: kind failures (threshold, minutes), waiting (minutes) or failureRate (flow, threshold %, minutes); optional flow and webhookUrl");
        alerts.MapDelete("rules/{id}", RemoveAsync).RequireAuthorization(Roles.Policies.Operate).WithSummary("Remove an alert rule");
        return app;
    }

    public static async Task<Results<Created<AlertRule>, ProblemHttpResult>> AddAsync(HttpRequest request, AlertRules rules, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<AlertRuleRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var actor = Actor.From(request.HttpContext);
        var (rule, refused) = await rules.AddAsync(body!, actor.Name, cancellationToken);
        if (refused is not null) return ApiProblems.BadRequest(refused.Field, refused.Message);
        await audit.RecordAsync(actor, AuditActions.AlertRuleAdded, $"added alert rule {rule!.Id} \"{rule.Name}\": {AlertKinds.Describe(rule)}", flowKey: rule.FlowKey, cancellationToken: CancellationToken.None);
        return TypedResults.Created($"/api/alerts/rules/{rule.Id}", rule);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, HttpContext context, AlertRules rules, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ruleId))
            return ApiProblems.BadRequest("id", $"'{(id.Length > 40 ? id[..40] + "…" : id)}' is not an alert rule id (a whole number).");
        if (!await rules.RemoveAsync(ruleId, cancellationToken)) return ApiProblems.NotFound($"No alert rule {ruleId} exists.", "id");
        await audit.RecordAsync(Actor.From(context), AuditActions.AlertRuleRemoved, $"removed alert rule {ruleId}", cancellationToken: CancellationToken.None);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AcknowledgedResponse>> AcknowledgeAsync(HttpContext context, AlertRules rules, AlertFeed feed, CancellationToken cancellationToken)
    {
        var count = await rules.AcknowledgeAllAsync(Actor.From(context).Name, cancellationToken);
        feed.Publish();
        return TypedResults.Ok(new AcknowledgedResponse(count));
    }

    public sealed record AcknowledgedResponse(int Acknowledged);
}
