namespace FlowRuns.Engine.Expressions;

/// <summary>A parsed expression that could not produce a value for this run's data.</summary>
public sealed class ExpressionEvaluationException(string message, ExpressionErrorKind kind = ExpressionErrorKind.Invalid) : Exception(message)
{
    public ExpressionErrorKind Kind { get; } = kind;
}
