using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Definitions;

/// <summary>One authored node: id, type, label, optional position, and its type-specific settings in <see cref="Config"/>.</summary>
public sealed record NodeDefinition(string Id, string Type, string Label, double? X, double? Y, JsonObject Config)
{
    public string? GetString(string name) =>
        Config.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool Has(string name) => Config.ContainsKey(name);

    public JsonNode? Get(string name) => Config.TryGetPropertyValue(name, out var value) ? value : null;
}
