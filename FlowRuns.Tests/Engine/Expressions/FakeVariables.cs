using FlowRuns.Engine.Expressions;

namespace FlowRuns.Tests.Engine.Expressions;

/// <summary>A variable source over a plain dictionary, with one secret.</summary>
internal sealed class FakeVariables(Dictionary<string, object?> values, DateTimeOffset? now = null) : IVariableSource
{
    public DateTimeOffset Now { get; } = now ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public bool TryResolve(string path, out object? value, out bool redacted)
    {
        redacted = path.StartsWith("secrets.", StringComparison.Ordinal);
        return values.TryGetValue(path, out value);
    }
}
