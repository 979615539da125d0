namespace FlowRuns.Engine.Expressions;

/// <summary>A rendered template, an expression's value or a step's output grew past its limit; the step fails with OUTPUT_TOO_LARGE.</summary>
public sealed class OutputTooLargeException(string what, int limit)
    : Exception($"{what} grew past {limit:N0} characters (FlowRuns:Limits:MaxOutputChars); nothing of it was kept.")
{
    public int Limit { get; } = limit;
}
