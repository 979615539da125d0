using System.Text.Json.Nodes;

namespace FlowRuns.Web.Api;

/// <summary>A contact as the API returns it.</summary>
public sealed record ContactResponse(string Id, string? Name, string? Email, string? Phone, JsonNode? Attributes);
