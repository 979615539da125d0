namespace FlowRuns.Engine.Execution;

/// <summary>The contact a run is for, as read when the run started or resumed (or the mock contact of a test run).</summary>
public sealed record ContactSnapshot(string Id, string? Name, string? Email, string? Phone, IReadOnlyDictionary<string, object?> Attributes)
{
    public object? Field(string name) => name switch
    {
        "id" => Id,
        "name" => Name,
        "email" => Email,
        "phone" => Phone,
        _ => Attributes.TryGetValue(name, out var value) ? value : null,
    };

    public bool HasField(string name) => name is "id" || (name switch
    {
        "name" => !string.IsNullOrEmpty(Name),
        "email" => !string.IsNullOrEmpty(Email),
        "phone" => !string.IsNullOrEmpty(Phone),
        _ => Attributes.ContainsKey(name),
    });
}
