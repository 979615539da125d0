using System.Text.Json.Nodes;

namespace FlowRuns.Web.Api.Requests;

/// <summary>The body of <c>POST /api/events</c>: exactly one of <paramref name="ContactId"/> or <paramref name="Audience"/>.</summary>
/// <param name="Name">The event name, e.g. <c>card.dismissed</c>.</param>
/// <param name="ContactId">The contact it happened to.</param>
/// <param name="Audience">An expression over contact attributes: every contact it matches gets the event.</param>
/// <param name="Properties">What the event carries (<c>deliveryId</c> or <c>runId</c> name one run).</param>
public sealed record EventBody(string? Name = null, string? ContactId = null, string? Audience = null, JsonObject? Properties = null);
