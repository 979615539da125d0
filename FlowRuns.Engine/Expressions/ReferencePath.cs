namespace FlowRuns.Engine.Expressions;

/// <summary>The rules for what may stand inside <c>%{ }</c>: dot-separated names of letters, digits, <c>_</c> and <c>-</c>.</summary>
internal static class ReferencePath
{
    public const int MaxLength = 200;

    public static void Validate(string path, int position)
    {
        if (path.Length == 0) throw new ExpressionException("An empty reference %{} names no variable.", position);
        if (path.Length > MaxLength) throw new ExpressionException($"A reference is longer than {MaxLength} characters.", position);
        foreach (var segment in path.Split('.'))
        {
            if (segment.Length == 0) throw new ExpressionException($"The reference %{{{path}}} has an empty name between dots.", position);
            foreach (var ch in segment)
                if (!(char.IsLetterOrDigit(ch) || ch is '_' or '-'))
                    throw new ExpressionException($"The reference %{{{path}}} has the character '{ch}', which a variable name cannot have.", position);
        }
    }
}
