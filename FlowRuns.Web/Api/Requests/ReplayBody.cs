using System.Text.Json.Nodes;

namespace FlowRuns.Web.Api.Requests;

/// <summary>The body of <c>POST /api/runs/{id}/replay</c> (may be empty).</summary>
/// <param name="Data">Trigger data to replay with; the original run's when absent.</param>
/// <param name="Version"><c>"original"</c> (the version the run executed, the default), <c>"current"</c>, or a version number.</param>
public sealed record ReplayBody(JsonObject? Data = null, JsonNode? Version = null);
