namespace FlowRuns.Engine.Expressions;

/// <summary>The built-in functions of the expression language. No function reaches outside the run's data.</summary>
internal static class Functions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["contains"] = (2, 2),
        ["startsWith"] = (2, 2),
        ["endsWith"] = (2, 2),
        ["isEmpty"] = (1, 1),
        ["daysSince"] = (1, 1),
        ["now"] = (0, 0),
        ["lower"] = (1, 1),
        ["upper"] = (1, 1),
        ["length"] = (1, 1),
    };

    public static string KnownList => string.Join(", ", Arity.Keys.Select(k => k + "()"));

    public static bool IsKnown(string name) => Arity.ContainsKey(name);

    public static void CheckArity(string name, int count, int position)
    {
        var (min, max) = Arity[name];
        if (count < min || count > max)
            throw new ExpressionException(min == max
                ? $"{name}() takes {min} argument{(min == 1 ? "" : "s")}, not {count}."
                : $"{name}() takes {min} to {max} arguments, not {count}.", position);
    }

    public static object? Call(string name, IReadOnlyList<object?> args, IVariableSource source) => name switch
    {
        "contains" => Contains(args[0], args[1]),
        "startsWith" => Values.ToText(args[0]).StartsWith(Values.ToText(args[1]), StringComparison.Ordinal) && args[0] is not null,
        "endsWith" => Values.ToText(args[0]).EndsWith(Values.ToText(args[1]), StringComparison.Ordinal) && args[0] is not null,
        "isEmpty" => args[0] switch
        {
            null => true,
            string s => s.Length == 0,
            IReadOnlyDictionary<string, object?> map => map.Count == 0,
            IEnumerable<object?> list => !list.Any(),
            _ => false,
        },
        "daysSince" => DaysSince(args[0], source.Now),
        "now" => source.Now,
        "lower" => args[0] is null ? null : Values.ToText(args[0]).ToLowerInvariant(),
        "upper" => args[0] is null ? null : Values.ToText(args[0]).ToUpperInvariant(),
        "length" => args[0] switch
        {
            null => 0m,
            string s => (decimal)s.Length,
            IReadOnlyDictionary<string, object?> map => map.Count,
            IEnumerable<object?> list => list.Count(),
            var other => Values.ToText(other).Length,
        },
        _ => throw new ExpressionEvaluationException($"Unknown function {name}()."),
    };

    public static bool Contains(object? haystack, object? needle) => haystack switch
    {
        null => false,
        string s => needle is not null && s.Contains(Values.ToText(needle), StringComparison.Ordinal),
        IReadOnlyDictionary<string, object?> map => map.ContainsKey(Values.ToText(needle)),
        IEnumerable<object?> list => list.Any(item => Values.AreEqual(item, needle)),
        var other => Values.ToText(other).Contains(Values.ToText(needle), StringComparison.Ordinal),
    };

    private static object? DaysSince(object? value, DateTimeOffset now)
    {
        if (value is null)
            throw new ExpressionEvaluationException("daysSince() was given a missing value.", ExpressionErrorKind.MissingData);
        if (!Values.TryTime(value, out var time))
            throw new ExpressionEvaluationException($"daysSince() needs a time, not {Values.TypeName(value)} {Values.ToDisplay(value)}.");
        return (decimal)Math.Floor((now - time).TotalDays);
    }
}
