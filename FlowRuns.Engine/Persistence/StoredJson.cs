using System.Text.Json;
using System.Text.Json.Nodes;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Persistence;

/// <summary>Compact JSON for payload columns, to and from the expression value model.</summary>
public static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>Null for null or an empty map/list, so empty payloads cost nothing on disk.</summary>
    public static string? Write(object? value) => value switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> { Count: 0 } => null,
        IReadOnlyCollection<object?> { Count: 0 } => null,
        _ => Values.ToJson(value)?.ToJsonString(Options),
    };

    public static Dictionary<string, object?> ReadMap(string? json) =>
        string.IsNullOrEmpty(json) || Values.FromJson(JsonNode.Parse(json)) is not IReadOnlyDictionary<string, object?> map
            ? []
            : new Dictionary<string, object?>(map);

    public static JsonNode? ReadNode(string? json) => string.IsNullOrEmpty(json) ? null : JsonNode.Parse(json);

    public static IReadOnlyList<Resolution> ReadResolutions(string? json)
    {
        if (string.IsNullOrEmpty(json) || JsonNode.Parse(json) is not JsonArray array) return [];
        return array.OfType<JsonObject>()
            .Select(o => new Resolution(o["r"]?.GetValue<string>() ?? "", Values.FromJson(o["v"]), o.ContainsKey("m")))
            .ToList();
    }

    public static string? WriteResolutions(IReadOnlyList<Resolution> resolutions) =>
        resolutions.Count == 0 ? null : new JsonArray(resolutions.Select(r =>
        {
            var item = new JsonObject { ["r"] = r.Reference };
            if (r.Missing) item["m"] = 1;
            else item["v"] = Values.ToJson(r.Value);
            return (JsonNode)item;
        }).ToArray()).ToJsonString(Options);

    public static string? WriteStrings(IReadOnlyList<string> items) =>
        items.Count == 0 ? null : JsonSerializer.Serialize(items, Options);

    public static IReadOnlyList<string> ReadStrings(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];
}
