using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace FlowRuns.Engine.Definitions;

/// <summary>
/// Reads JSON that comes from outside (API bodies, flow documents) strictly: valid UTF-8, no duplicate member names, no
/// string with a lone surrogate, every number within what a run can hold (a decimal), at most <see cref="MaxDepth"/>
/// levels deep. A refusal names where: a JSONPath such as <c>$.data.amount</c>.
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false, MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    };

    /// <summary>Parses <paramref name="utf8"/>; throws <see cref="StrictJsonException"/> naming the place and the reason.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            var status = Utf8.ToUtf16(utf8, new char[utf8.Length], out var read, out _, replaceInvalidSequences: false);
            throw new StrictJsonException("$", $"The body is not valid UTF-8 (byte {read}, {status}).");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException ex) when (Quoted(ex.Message, "Duplicate property '") is { } duplicate)
        {
            var path = ex.Path is null or "$" ? "$." + duplicate : ex.Path;
            throw new StrictJsonException(path, $"'{duplicate}' appears more than once in one object; each member may be given once.");
        }
        catch (JsonException ex)
        {
            throw new StrictJsonException(ex.Path ?? "$", Reason(ex));
        }
        Check(node, "$");
        return node;
    }

    public static JsonNode? Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>Checks a tree built elsewhere (strings and numbers) as <see cref="Parse(ReadOnlySpan{byte})"/> would.</summary>
    public static void Check(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var member = path + "." + name;
                    if (HasLoneSurrogate(name)) throw new StrictJsonException(path, "A member name holds a lone UTF-16 surrogate (\\uD800–\\uDFFF without its pair).");
                    Check(value, member);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Check(array[i], $"{path}[{i}]");
                break;
            case JsonValue value:
                var element = value.GetValue<JsonElement>();
                if (element.ValueKind == JsonValueKind.String)
                {
                    string? text;
                    try { text = element.GetString(); }
                    catch (InvalidOperationException) { throw new StrictJsonException(path, "The string is not valid UTF-16 (a lone surrogate)."); }
                    if (text is not null && HasLoneSurrogate(text)) throw new StrictJsonException(path, "The string holds a lone UTF-16 surrogate (\\uD800–\\uDFFF without its pair).");
                }
                else if (element.ValueKind == JsonValueKind.Number && !element.TryGetDecimal(out _))
                    throw new StrictJsonException(path, $"The number {Shorten(element.GetRawText())} is out of range: numbers must lie within ±7.9e28.");
                break;
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return true;
            }
            if (char.IsLowSurrogate(text[i])) return true;
        }
        return false;
    }

    /// <summary>The name System.Text.Json quotes after <paramref name="marker"/> in its message, if the message has one (it names the member only there).</summary>
    public static string? Quoted(string message, string marker)
    {
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The reader's message without its position suffix (the path says where).</summary>
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return $"The body is not valid JSON: {message.TrimEnd('.', ' ')}{where}.";
    }
}

/// <summary>JSON refused by <see cref="StrictJson"/>: where (a JSONPath) and why.</summary>
public sealed class StrictJsonException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;

    /// <summary>The path as a field name for a problem document: <c>data.amount</c>, or <c>$</c> for the whole body.</summary>
    public string Field => Path == "$" ? "$" : Path.StartsWith("$.", StringComparison.Ordinal) ? Path[2..] : Path.TrimStart('$');
}
