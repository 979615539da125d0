namespace FlowRuns.Engine.Expressions;

/// <summary>An expression parsed once (at publish) and evaluated many times.</summary>
public sealed class CompiledExpression
{
    private CompiledExpression(string text, ExpressionNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public ExpressionNode Root { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionException"/> when it is not a valid expression.</summary>
    public static CompiledExpression Parse(string text) => new(text, Parser.Parse(text));

    /// <summary>Evaluates against <paramref name="source"/>, adding every reference read to <paramref name="log"/>.</summary>
    public object? Evaluate(IVariableSource source, ResolutionLog log) => new Evaluator(source, log).Evaluate(Root);
}
