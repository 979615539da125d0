namespace FlowRuns.Engine.Expressions;

/// <summary>Where <c>%{path}</c> references are looked up.</summary>
public interface IVariableSource
{
    /// <summary>Resolves a reference path. <paramref name="redacted"/> is true for values that must never be stored (secrets).</summary>
    bool TryResolve(string path, out object? value, out bool redacted);

    /// <summary>The current time, for <c>now()</c> and <c>daysSince()</c>.</summary>
    DateTimeOffset Now { get; }
}
