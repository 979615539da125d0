namespace FlowRuns.Engine.Expressions;

/// <summary>Why evaluating an expression failed: the expression itself, or data it needed was missing.</summary>
public enum ExpressionErrorKind
{
    Invalid,
    MissingData,
}
