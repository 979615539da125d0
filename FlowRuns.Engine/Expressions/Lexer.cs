using System.Globalization;
using System.Text;

namespace FlowRuns.Engine.Expressions;

/// <summary>Turns expression text into tokens. Rejects anything outside the language.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            switch (c)
            {
                case '%' when i + 1 < text.Length && text[i + 1] == '{':
                    var close = text.IndexOf('}', i + 2);
                    if (close < 0) throw new ExpressionException("A reference opened with %{ is never closed with }.", i);
                    var path = text[(i + 2)..close].Trim();
                    ReferencePath.Validate(path, i);
                    tokens.Add(new Token(TokenKind.Reference, path, start));
                    i = close + 1;
                    continue;
                case '"' or '\'':
                    tokens.Add(ReadString(text, ref i));
                    continue;
                case '+': tokens.Add(new Token(TokenKind.Plus, "+", start)); i++; continue;
                case '-': tokens.Add(new Token(TokenKind.Minus, "-", start)); i++; continue;
                case '*': tokens.Add(new Token(TokenKind.Star, "*", start)); i++; continue;
                case '/': tokens.Add(new Token(TokenKind.Slash, "/", start)); i++; continue;
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", start)); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")", start)); i++; continue;
                case '[': tokens.Add(new Token(TokenKind.LeftBracket, "[", start)); i++; continue;
                case ']': tokens.Add(new Token(TokenKind.RightBracket, "]", start)); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",", start)); i++; continue;
                case '=' when Next(text, i) == '=': tokens.Add(new Token(TokenKind.Equal, "==", start)); i += 2; continue;
                case '!' when Next(text, i) == '=': tokens.Add(new Token(TokenKind.NotEqual, "!=", start)); i += 2; continue;
                case '!': tokens.Add(new Token(TokenKind.Not, "!", start)); i++; continue;
                case '<' when Next(text, i) == '=': tokens.Add(new Token(TokenKind.LessEqual, "<=", start)); i += 2; continue;
                case '<': tokens.Add(new Token(TokenKind.Less, "<", start)); i++; continue;
                case '>' when Next(text, i) == '=': tokens.Add(new Token(TokenKind.GreaterEqual, ">=", start)); i += 2; continue;
                case '>': tokens.Add(new Token(TokenKind.Greater, ">", start)); i++; continue;
                case '&' when Next(text, i) == '&': tokens.Add(new Token(TokenKind.And, "&&", start)); i += 2; continue;
                case '|' when Next(text, i) == '|': tokens.Add(new Token(TokenKind.Or, "||", start)); i += 2; continue;
            }
            if (char.IsDigit(c) || (c == '.' && char.IsDigit(Next(text, i))))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                var number = text[start..i];
                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                    throw new ExpressionException($"'{number}' is not a number.", start);
                tokens.Add(new Token(TokenKind.Number, number, start, value));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var word = text[start..i];
                var kind = word switch
                {
                    "true" => TokenKind.True,
                    "false" => TokenKind.False,
                    "null" => TokenKind.Null,
                    "in" => TokenKind.In,
                    "and" => TokenKind.And,
                    "or" => TokenKind.Or,
                    "not" => TokenKind.Not,
                    _ => TokenKind.Identifier,
                };
                tokens.Add(new Token(kind, word, start));
                continue;
            }
            throw new ExpressionException($"Unexpected character '{c}'.", i);
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static Token ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', _ => text[i] });
            }
            else builder.Append(text[i]);
            i++;
        }
        if (i >= text.Length) throw new ExpressionException("A text literal is never closed.", start);
        i++;
        return new Token(TokenKind.String, text[start..i], start, builder.ToString());
    }
}
