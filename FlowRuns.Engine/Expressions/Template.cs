using System.Text;

namespace FlowRuns.Engine.Expressions;

/// <summary>Text with <c>%{reference}</c> placeholders (card titles, bodies, messages, http url/headers/body).</summary>
public sealed class Template
{
    private readonly IReadOnlyList<(string Text, string? Reference)> _parts;

    private Template(string source, IReadOnlyList<(string, string?)> parts)
    {
        Source = source;
        _parts = parts;
    }

    public string Source { get; }

    public IEnumerable<string> References => _parts.Where(p => p.Reference is not null).Select(p => p.Reference!);

    /// <summary>Parses a template; throws <see cref="ExpressionException"/> for an unclosed or malformed reference.</summary>
    public static Template Parse(string source)
    {
        if (source.Length > Values.MaxTextLength) throw new ExpressionException($"The template is longer than {Values.MaxTextLength} characters.", 0);
        var parts = new List<(string, string?)>();
        var i = 0;
        while (i < source.Length)
        {
            var open = source.IndexOf("%{", i, StringComparison.Ordinal);
            if (open < 0) { parts.Add((source[i..], null)); break; }
            if (open > i) parts.Add((source[i..open], null));
            var close = source.IndexOf('}', open + 2);
            if (close < 0) throw new ExpressionException("A reference opened with %{ is never closed with }.", open);
            var path = source[(open + 2)..close].Trim();
            ReferencePath.Validate(path, open);
            parts.Add(("", path));
            i = close + 1;
        }
        return new Template(source, parts);
    }

    /// <summary>
    /// Renders the text; a missing reference renders as empty and is logged as missing. Stops with
    /// <see cref="OutputTooLargeException"/> as soon as the text passes <paramref name="maxChars"/>.
    /// </summary>
    public string Render(IVariableSource source, ResolutionLog log, int maxChars = int.MaxValue)
    {
        var builder = new StringBuilder();
        foreach (var (text, reference) in _parts)
        {
            builder.Append(reference is null ? text : Values.ToText(log.Resolve(source, reference)));
            if (builder.Length > maxChars) throw new OutputTooLargeException("The rendered template", maxChars);
        }
        return builder.ToString();
    }
}
