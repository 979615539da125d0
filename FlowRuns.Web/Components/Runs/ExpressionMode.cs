namespace FlowRuns.Web.Components.Runs;

/// <summary>How a condition or switch reads on the canvas: its variable names, the values they resolved to, or both.</summary>
public enum ExpressionMode
{
    Names,
    Values,
    Both,
}

public static class ExpressionModes
{
    /// <summary>The next mode of the cycle names → values → both → names.</summary>
    public static ExpressionMode Next(this ExpressionMode mode) => mode switch
    {
        ExpressionMode.Names => ExpressionMode.Values,
        ExpressionMode.Values => ExpressionMode.Both,
        _ => ExpressionMode.Names,
    };

    public static string Word(this ExpressionMode mode) => mode.ToString().ToLowerInvariant();
}
