using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A variable a step read and the value it resolved to (null and <see cref="Missing"/> when it did not exist).</summary>
public sealed record ResolutionView(string Reference, JsonNode? Value, bool Missing);
