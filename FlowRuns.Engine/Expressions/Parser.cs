namespace FlowRuns.Engine.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>, equality, comparison and <c>in</c>,
/// <c>+ -</c>, <c>* /</c>, unary <c>! -</c>. Length and nesting depth are bounded.
/// </summary>
internal sealed class Parser
{
    public const int MaxLength = 4096;
    public const int MaxDepth = 48;

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static ExpressionNode Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ExpressionException("The expression is empty.", 0);
        if (text.Length > MaxLength) throw new ExpressionException($"The expression is longer than {MaxLength} characters.", MaxLength);
        var parser = new Parser(Lexer.Tokenize(text));
        var node = parser.ParseOr();
        var rest = parser.Peek;
        if (rest.Kind != TokenKind.End) throw new ExpressionException($"Unexpected '{rest.Text}' after the end of the expression.", rest.Position);
        return node;
    }

    private Token Peek => _tokens[_index];

    private Token Take() => _tokens[_index++];

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind) return false;
        _index++;
        return true;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (!Accept(kind))
            throw new ExpressionException(Peek.Kind == TokenKind.End ? $"Expected {what} but the expression ended." : $"Expected {what} but found '{Peek.Text}'.", Peek.Position);
    }

    private ExpressionNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept(TokenKind.Or)) left = new BinaryNode("||", left, ParseAnd());
        return left;
    }

    private ExpressionNode ParseAnd()
    {
        var left = ParseEquality();
        while (Accept(TokenKind.And)) left = new BinaryNode("&&", left, ParseEquality());
        return left;
    }

    private ExpressionNode ParseEquality()
    {
        var left = ParseComparison();
        while (Peek.Kind is TokenKind.Equal or TokenKind.NotEqual)
            left = new BinaryNode(Take().Text, left, ParseComparison());
        return left;
    }

    private ExpressionNode ParseComparison()
    {
        var left = ParseAdditive();
        while (Peek.Kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.In)
        {
            var op = Take();
            left = new BinaryNode(op.Kind == TokenKind.In ? "in" : op.Text, left, ParseAdditive());
        }
        return left;
    }

    private ExpressionNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
            left = new BinaryNode(Take().Text, left, ParseMultiplicative());
        return left;
    }

    private ExpressionNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
            left = new BinaryNode(Take().Text, left, ParseUnary());
        return left;
    }

    private ExpressionNode ParseUnary()
    {
        if (Peek.Kind is TokenKind.Not or TokenKind.Minus)
        {
            var op = Take();
            return Nested(() => new UnaryNode(op.Kind == TokenKind.Not ? "!" : "-", ParseUnary()), op.Position);
        }
        return ParsePrimary();
    }

    private ExpressionNode ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case TokenKind.Number or TokenKind.String: return new LiteralNode(token.Value);
            case TokenKind.True: return new LiteralNode(true);
            case TokenKind.False: return new LiteralNode(false);
            case TokenKind.Null: return new LiteralNode(null);
            case TokenKind.Reference: return new ReferenceNode(token.Text);
            case TokenKind.LeftParen:
                return Nested(() =>
                {
                    var inner = ParseOr();
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                }, token.Position);
            case TokenKind.LeftBracket:
                return Nested(() =>
                {
                    var items = new List<ExpressionNode>();
                    if (!Accept(TokenKind.RightBracket))
                    {
                        do items.Add(ParseOr()); while (Accept(TokenKind.Comma));
                        Expect(TokenKind.RightBracket, "']' to close the list");
                    }
                    return new ListNode(items);
                }, token.Position);
            case TokenKind.Identifier:
                if (!Functions.IsKnown(token.Text))
                    throw new ExpressionException($"'{token.Text}' is not a known function or value. Variables are written %{{{token.Text}}}; functions are {Functions.KnownList}.", token.Position);
                Expect(TokenKind.LeftParen, $"'(' after the function {token.Text}");
                return Nested(() =>
                {
                    var args = new List<ExpressionNode>();
                    if (!Accept(TokenKind.RightParen))
                    {
                        do args.Add(ParseOr()); while (Accept(TokenKind.Comma));
                        Expect(TokenKind.RightParen, "')' to close the function call");
                    }
                    Functions.CheckArity(token.Text, args.Count, token.Position);
                    return new CallNode(token.Text, args);
                }, token.Position);
            case TokenKind.End:
                throw new ExpressionException("The expression ended where a value was expected.", token.Position);
            default:
                throw new ExpressionException($"Unexpected '{token.Text}' where a value was expected.", token.Position);
        }
    }

    private ExpressionNode Nested(Func<ExpressionNode> parse, int position)
    {
        if (++_depth > MaxDepth) throw new ExpressionException($"The expression nests deeper than {MaxDepth} levels.", position);
        try { return parse(); }
        finally { _depth--; }
    }
}
