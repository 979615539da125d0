using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Collects what is wrong with one node's settings while it is compiled, and parses its expressions and templates.</summary>
public sealed class NodeProblems(NodeDefinition node, List<DefinitionProblem> sink, Execution.FlowRunsLimits? limits = null)
{
    public Execution.FlowRunsLimits Limits { get; } = limits ?? new Execution.FlowRunsLimits();

    public NodeDefinition Node { get; } = node;

    public void Add(string field, string message) => sink.Add(new DefinitionProblem(message, Node.Id, Field: field));

    public string? RequireString(string field)
    {
        var value = Node.GetString(field);
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"'{field}' is required for a {Node.Type} node.");
        return value;
    }

    public CompiledExpression? Expression(string field, string? text)
    {
        if (text is null) return null;
        try { return CompiledExpression.Parse(text); }
        catch (ExpressionException ex) { Add(field, $"The expression in '{field}' does not parse: {ex.Message}{At(ex)}"); return null; }
    }

    public Template? Template(string field, string? text)
    {
        if (text is null) return null;
        try { return Expressions.Template.Parse(text); }
        catch (ExpressionException ex) { Add(field, $"The template in '{field}' does not parse: {ex.Message}{At(ex)}"); return null; }
    }

    public TimeSpan? Duration(string field, string? text)
    {
        if (text is null) return null;
        var shown = text.Length <= 40 ? text : text[..40] + "…";
        try
        {
            var span = System.Xml.XmlConvert.ToTimeSpan(text);
            if (span <= TimeSpan.Zero) Add(field, $"'{field}' must be a positive duration.");
            else if (span > Limits.MaxWait)
            {
                Add(field, $"'{field}' may be at most {Limits.MaxWait.TotalDays:0.#} days (FlowRuns:Limits:MaxWait); '{shown}' is longer.");
                return null;
            }
            return span;
        }
        catch (FormatException) { Add(field, $"'{field}' must be an ISO-8601 duration such as PT10S, PT6H or P3D; '{shown}' is not."); return null; }
        catch (OverflowException) { Add(field, $"'{field}' may be at most {Limits.MaxWait.TotalDays:0.#} days (FlowRuns:Limits:MaxWait); '{shown}' is far longer."); return null; }
    }

    private static string At(ExpressionException ex) => ex.Position is { } p ? $" (at character {p + 1})" : "";
}
