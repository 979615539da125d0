using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowRuns.Web.Components.Shared;

/// <summary>What a person typed into a JSON field that must hold an object: the object, or why it is not one.</summary>
public static class JsonObjectInput
{
    /// <summary>Blank is an empty object.</summary>
    public static (JsonObject? Value, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (new JsonObject(), null);
        try
        {
            return JsonNode.Parse(text) is JsonObject value ? (value, null) : (null, "This must be a JSON object: { \"name\": value, … }.");
        }
        catch (JsonException ex)
        {
            return (null, "Not valid JSON: " + ex.Message);
        }
    }
}
