namespace FlowRuns.Engine.Expressions;

/// <summary>An expression that cannot be parsed or evaluated. <see cref="Position"/> is the character offset, when known.</summary>
public sealed class ExpressionException(string message, int? position = null) : Exception(message)
{
    public int? Position { get; } = position;
}
