using System.Text.Json.Nodes;

namespace FlowRuns.Web.Api.Requests;

/// <summary>The body of <c>PUT /api/contacts/{id}</c>.</summary>
public sealed record ContactBody(string? Name = null, string? Email = null, string? Phone = null, JsonObject? Attributes = null);
