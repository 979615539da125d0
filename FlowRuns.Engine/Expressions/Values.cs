using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Expressions;

/// <summary>
/// The value model of the expression language: null, bool, decimal, string, DateTimeOffset, lists
/// (<see cref="IReadOnlyList{T}"/>) and objects (<see cref="IReadOnlyDictionary{TKey,TValue}"/>), with
/// conversions to and from JSON and the rules for equality, ordering, truth and text.
/// </summary>
public static class Values
{
    public const int MaxTextLength = 65_536;

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => FromJson(p.Value)) as IReadOnlyDictionary<string, object?>,
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => FromJsonValue(value),
        _ => null,
    };

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)) as IReadOnlyDictionary<string, object?>,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : (decimal)element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A JSON value, whether parsed (a <see cref="JsonElement"/> inside) or made in code (<c>JsonValue.Create("premium")</c>).</summary>
    private static object? FromJsonValue(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? FromJson(element) : FromJson(JsonDocument.Parse(value.ToJsonString()).RootElement);

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        decimal d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double dbl => JsonValue.Create(dbl),
        string s => JsonValue.Create(s),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        IEnumerable<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        JsonNode node => node.DeepClone(),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>How a value reads inside text (templates, string concatenation, switch cases).</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        string s => s,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => ToJson(value)?.ToJsonString() ?? "",
    };

    /// <summary>How a value is shown to a person reading an expression: text is quoted, missing is <c>null</c>.</summary>
    public static string ToDisplay(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        DateTimeOffset t => JsonSerializer.Serialize(t.ToString("O", CultureInfo.InvariantCulture)),
        _ => ToText(value),
    };

    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        decimal d => d != 0,
        string s when bool.TryParse(s, out var parsed) => parsed,
        string s => s.Length > 0,
        IReadOnlyDictionary<string, object?> map => map.Count > 0,
        IEnumerable<object?> list => list.Any(),
        _ => true,
    };

    public static bool TryNumber(object? value, out decimal number)
    {
        switch (value)
        {
            case decimal d: number = d; return true;
            case string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed): number = parsed; return true;
            default: number = 0; return false;
        }
    }

    public static bool TryTime(object? value, out DateTimeOffset time)
    {
        switch (value)
        {
            case DateTimeOffset t: time = t; return true;
            case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed): time = parsed; return true;
            default: time = default; return false;
        }
    }

    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null) return left is null && right is null;
        if (left is decimal || right is decimal)
            return TryNumber(left, out var a) && TryNumber(right, out var b) ? a == b : ToText(left) == ToText(right);
        if (left is bool lb && right is bool rb) return lb == rb;
        if (left is DateTimeOffset || right is DateTimeOffset)
            return TryTime(left, out var lt) && TryTime(right, out var rt) && lt == rt;
        if (left is IReadOnlyDictionary<string, object?> || left is IEnumerable<object?>)
            return ToText(left) == ToText(right);
        return string.Equals(ToText(left), ToText(right), StringComparison.Ordinal);
    }

    /// <summary>Orders two values; null when either is missing (a comparison with a missing value is false).</summary>
    public static int? Compare(object? left, object? right)
    {
        if (left is null || right is null) return null;
        if (TryNumber(left, out var a) && TryNumber(right, out var b) && (left is decimal || right is decimal || (left is string && right is string)))
            return a.CompareTo(b);
        if ((left is DateTimeOffset || right is DateTimeOffset) && TryTime(left, out var lt) && TryTime(right, out var rt))
            return lt.CompareTo(rt);
        if (left is string ls && right is string rs) return string.CompareOrdinal(ls, rs);
        throw new ExpressionEvaluationException($"Cannot order {TypeName(left)} {ToDisplay(left)} against {TypeName(right)} {ToDisplay(right)}.");
    }

    public static string TypeName(object? value) => value switch
    {
        null => "missing value",
        bool => "boolean",
        decimal => "number",
        string => "text",
        DateTimeOffset => "time",
        IReadOnlyDictionary<string, object?> => "object",
        IEnumerable<object?> => "list",
        _ => "value",
    };
}
