using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// The variable names a draft's expressions and templates can use, offered as the author types: the names the draft
/// already uses, what its <c>set</c> nodes assign, what its <c>http</c> nodes capture (<c>steps.&lt;id&gt;.output.&lt;name&gt;</c>),
/// the triggering event for an event flow, and the contact's own fields.
/// </summary>
public static partial class DraftVariables
{
    /// <summary>The most names offered.</summary>
    public const int Max = 60;

    private static readonly string[] ContactFields = ["contact.id", "contact.email", "contact.phone", "firstName"];

    public static IReadOnlyList<string> Of(FlowDefinition draft)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in draft.Nodes)
        {
            foreach (var (_, value) in node.Config) Collect(value, names);
            if (node.Type == "set" && node.Get("assign") is JsonObject assign)
                foreach (var (name, _) in assign) names.Add(name);
            if (node.Type == "http" && node.Get("capture") is JsonObject capture)
                foreach (var (name, _) in capture) names.Add($"steps.{node.Id}.output.{name}");
        }
        if (draft.Trigger.Audience is { } audience) Collect(JsonValue.Create(audience), names);
        foreach (var field in ContactFields) names.Add(field);
        return names.Take(Max).ToList();
    }

    private static void Collect(JsonNode? value, ISet<string> names)
    {
        switch (value)
        {
            case JsonValue v when v.TryGetValue<string>(out var text):
                foreach (Match match in Reference().Matches(text)) names.Add(match.Groups[1].Value);
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, names);
                break;
            case JsonObject obj:
                foreach (var (_, item) in obj) Collect(item, names);
                break;
        }
    }

    [GeneratedRegex(@"%\{([A-Za-z_][A-Za-z0-9_.\-]{0,99})\}")]
    private static partial Regex Reference();
}
