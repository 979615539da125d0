namespace FlowRuns.Engine.Expressions;

/// <summary>Collects the resolutions of one step, once per reference, in the order they were first read.</summary>
public sealed class ResolutionLog
{
    public const string Redacted = "***";
    private readonly List<Resolution> _items = [];

    public IReadOnlyList<Resolution> Items => _items;

    public bool AnyMissing => _items.Any(r => r.Missing);

    internal object? Resolve(IVariableSource source, string path)
    {
        var found = source.TryResolve(path, out var value, out var redacted);
        if (!_items.Any(r => r.Reference == path))
            _items.Add(new Resolution(path, redacted ? Redacted : value, !found));
        return found ? value : null;
    }
}
