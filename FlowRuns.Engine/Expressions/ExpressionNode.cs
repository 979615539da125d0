namespace FlowRuns.Engine.Expressions;

/// <summary>The parsed form of an expression: a small tree of literals, references, operators and function calls.</summary>
public abstract record ExpressionNode;

public sealed record LiteralNode(object? Value) : ExpressionNode;

public sealed record ReferenceNode(string Path) : ExpressionNode;

public sealed record ListNode(IReadOnlyList<ExpressionNode> Items) : ExpressionNode;

public sealed record UnaryNode(string Operator, ExpressionNode Operand) : ExpressionNode;

public sealed record BinaryNode(string Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode;

public sealed record CallNode(string Function, IReadOnlyList<ExpressionNode> Arguments) : ExpressionNode;
