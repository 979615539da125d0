namespace FlowRuns.Engine.Expressions;

internal enum TokenKind
{
    Reference, String, Number, True, False, Null, Identifier,
    Plus, Minus, Star, Slash, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
    And, Or, Not, In, LeftParen, RightParen, LeftBracket, RightBracket, Comma, End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position, object? Value = null);
