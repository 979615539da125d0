namespace FlowRuns.Engine.Expressions;

/// <summary>Evaluates a parsed expression against a variable source, recording every reference it reads.</summary>
internal sealed class Evaluator(IVariableSource source, ResolutionLog log)
{
    public object? Evaluate(ExpressionNode node) => node switch
    {
        LiteralNode literal => literal.Value,
        ReferenceNode reference => log.Resolve(source, reference.Path),
        ListNode list => list.Items.Select(Evaluate).ToList(),
        UnaryNode { Operator: "!" } unary => !Values.IsTrue(Evaluate(unary.Operand)),
        UnaryNode unary => Negate(Evaluate(unary.Operand)),
        BinaryNode { Operator: "&&" } and => Values.IsTrue(Evaluate(and.Left)) && Values.IsTrue(Evaluate(and.Right)),
        BinaryNode { Operator: "||" } or => Values.IsTrue(Evaluate(or.Left)) || Values.IsTrue(Evaluate(or.Right)),
        BinaryNode binary => Binary(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right)),
        CallNode call => Functions.Call(call.Function, call.Arguments.Select(Evaluate).ToList(), source),
        _ => throw new ExpressionEvaluationException($"Unsupported expression part {node.GetType().Name}."),
    };

    private static object? Negate(object? value)
    {
        if (value is null) throw new ExpressionEvaluationException("Cannot negate a missing value.", ExpressionErrorKind.MissingData);
        if (!Values.TryNumber(value, out var number)) throw new ExpressionEvaluationException($"Cannot negate {Values.TypeName(value)} {Values.ToDisplay(value)}.");
        return -number;
    }

    private static object? Binary(string op, object? left, object? right)
    {
        switch (op)
        {
            case "==": return Values.AreEqual(left, right);
            case "!=": return !Values.AreEqual(left, right);
            case "<": return Values.Compare(left, right) is < 0;
            case "<=": return Values.Compare(left, right) is <= 0;
            case ">": return Values.Compare(left, right) is > 0;
            case ">=": return Values.Compare(left, right) is >= 0;
            case "in": return Functions.Contains(right, left) && left is not null;
            case "+" when left is string || right is string:
                if (left is null || right is null)
                    throw new ExpressionEvaluationException("Cannot join text with a missing value.", ExpressionErrorKind.MissingData);
                var text = Values.ToText(left) + Values.ToText(right);
                if (text.Length > Values.MaxTextLength) throw new OutputTooLargeException("The text the expression joins", Values.MaxTextLength);
                return text;
        }
        if (left is null || right is null)
            throw new ExpressionEvaluationException($"Cannot compute {Values.ToDisplay(left)} {op} {Values.ToDisplay(right)}: a value is missing.", ExpressionErrorKind.MissingData);
        if (!Values.TryNumber(left, out var a) || !Values.TryNumber(right, out var b))
            throw new ExpressionEvaluationException($"Cannot compute {Values.TypeName(left)} {Values.ToDisplay(left)} {op} {Values.TypeName(right)} {Values.ToDisplay(right)}.");
        try
        {
            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" when b == 0 => throw new ExpressionEvaluationException($"Division by zero in {Values.ToDisplay(left)} / {Values.ToDisplay(right)}."),
                "/" => a / b,
                _ => throw new ExpressionEvaluationException($"Unknown operator {op}."),
            };
        }
        catch (OverflowException)
        {
            throw new ExpressionEvaluationException($"The number {Values.ToDisplay(left)} {op} {Values.ToDisplay(right)} is too large.");
        }
    }
}
