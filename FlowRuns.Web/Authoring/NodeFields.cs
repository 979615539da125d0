using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// The settings form of each node type: its fields in order, what kind of value each takes, and how a field's text is
/// read from and written to the node's settings (the flow format). The form shows text; the draft keeps the format.
/// </summary>
public static partial class NodeFields
{
    public enum Kind
    {
        /// <summary>Plain text.</summary>
        Text,
        /// <summary>An expression (<c>%{creditScore} &gt;= 700</c>).</summary>
        Expression,
        /// <summary>A template: text with <c>%{name}</c> in it.</summary>
        Template,
        /// <summary>A longer template (a message body).</summary>
        LongTemplate,
        /// <summary>An ISO-8601 duration (<c>PT1H</c>, <c>P3D</c>).</summary>
        Duration,
        /// <summary>One of <see cref="Field.Options"/>.</summary>
        Choice,
        /// <summary>A list, one item per line.</summary>
        Lines,
        /// <summary>Named values, one <c>name = value</c> per line.</summary>
        Pairs,
        /// <summary>On or off.</summary>
        Switch,
        /// <summary>Another flow's key.</summary>
        Flow,
    }

    public sealed record Field(string Name, string Label, Kind Kind, string? Help = null, IReadOnlyList<string>? Options = null, bool Required = false);

    public static IReadOnlyList<Field> Of(string type) => type switch
    {
        "condition" => [new("expression", "Condition", Kind.Expression, "True or false, e.g. %{creditScore} >= 700", Required: true)],
        "switch" =>
        [
            new("on", "Switch on", Kind.Expression, "The value the cases are compared with", Required: true),
            new("cases", "Cases", Kind.Lines, "One value per line; each is an exit, besides default", Required: true),
        ],
        "send" =>
        [
            new("channel", "Channel", Kind.Choice, Options: ["card", "sms", "email", "push"], Required: true),
            new("title", "Title", Kind.Template),
            new("body", "Message", Kind.LongTemplate, Required: true),
            new("to", "To (optional)", Kind.Template, "Defaults to the contact's address for the channel"),
            new("actions", "Card buttons", Kind.Lines, "One per line, e.g. complete, dismiss"),
        ],
        "wait" =>
        [
            new("event", "Wait for event", Kind.Text, "A contact event name, e.g. card.completed", Required: true),
            new("timeout", "Timeout", Kind.Duration, "ISO-8601, e.g. PT6H or P3D; the timeout exit is taken then"),
        ],
        "delay" =>
        [
            new("duration", "Duration", Kind.Duration, "ISO-8601, e.g. PT10M; or use Until"),
            new("until", "Until", Kind.Expression, "An expression giving a time"),
            new("businessHours", "Until business hours", Kind.Switch),
        ],
        "http" =>
        [
            new("method", "Method", Kind.Choice, Options: ["GET", "POST", "PUT", "PATCH", "DELETE"], Required: true),
            new("url", "URL", Kind.Template, Required: true),
            new("headers", "Headers", Kind.Pairs, "Name = template, one per line; %{secrets.name} is never stored"),
            new("body", "Body", Kind.LongTemplate),
            new("timeout", "Timeout", Kind.Duration, "ISO-8601, e.g. PT10S"),
            new("capture", "Capture", Kind.Pairs, "name = $.json.path, one per line: steps.<id>.output.<name>"),
        ],
        "set" => [new("assign", "Assign", Kind.Pairs, "variable = expression, one per line", Required: true)],
        "subflow" =>
        [
            new("flow", "Flow", Kind.Flow, "The flow to run; this one waits for it", Required: true),
            new("data", "Data", Kind.Pairs, "name = expression, one per line: the child run's trigger data"),
        ],
        "stopError" => [new("message", "Message", Kind.Template, Required: true)],
        _ => [],
    };

    /// <summary>The field's value as the form shows it.</summary>
    public static string Read(JsonObject settings, Field field)
    {
        if (!settings.TryGetPropertyValue(field.Name, out var value) || value is null) return "";
        return field.Kind switch
        {
            Kind.Lines => value is JsonArray items ? string.Join("\n", items.Select(Text)) : Text(value),
            Kind.Pairs => value is JsonObject pairs ? string.Join("\n", pairs.Select(p => $"{p.Key} = {Text(p.Value)}")) : Text(value),
            Kind.Switch => value is JsonValue v && v.TryGetValue<bool>(out var on) && on ? "true" : "",
            _ => Text(value),
        };
    }

    /// <summary>The settings with the field set from the form's text (a copy; empty text removes an optional field).</summary>
    public static JsonObject Write(JsonObject settings, Field field, string text)
    {
        var copy = (JsonObject)settings.DeepClone();
        text = text.Replace("\r\n", "\n");
        if (string.IsNullOrWhiteSpace(text) && field.Kind != Kind.Lines)
        {
            copy.Remove(field.Name);
            return copy;
        }
        copy[field.Name] = field.Kind switch
        {
            Kind.Lines => new JsonArray([.. Lines(text).Select(Item)]),
            Kind.Pairs => Pairs(text),
            Kind.Switch => JsonValue.Create(text == "true"),
            _ => JsonValue.Create(text),
        };
        return copy;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>A list item: a number stays a number (a switch on a number), anything else is text.</summary>
    private static JsonNode? Item(string line) =>
        JsonNumber().IsMatch(line) ? JsonNode.Parse(line) : JsonValue.Create(line);

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?$")]
    private static partial System.Text.RegularExpressions.Regex JsonNumber();

    private static JsonObject Pairs(string text)
    {
        var pairs = new JsonObject();
        foreach (var line in Lines(text))
        {
            var at = line.IndexOf('=');
            var (name, value) = at <= 0 ? (line, "") : (line[..at].Trim(), line[(at + 1)..].Trim());
            // A '==' is not where the name ends: "flag == true" is a name-less line kept as typed, for the author to see.
            if (at > 0 && at + 1 < line.Length && line[at + 1] == '=') (name, value) = (line, "");
            pairs[name] = value;
        }
        return pairs;
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
