using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// What a run's expressions can read. A bare name resolves from the run's variables (trigger data, then <c>set</c>),
/// then the contact's attributes; prefixes: <c>contact.</c>, <c>event.</c>, <c>steps.&lt;node&gt;.output.</c>, <c>secrets.</c>.
/// </summary>
public sealed class RunVariables(
    ContactSnapshot contact,
    Dictionary<string, object?> variables,
    IReadOnlyDictionary<string, object?>? triggeringEvent,
    Dictionary<string, IReadOnlyDictionary<string, object?>> stepOutputs,
    IReadOnlyDictionary<string, string> secrets,
    TimeProvider time) : IVariableSource
{
    public ContactSnapshot Contact { get; } = contact;

    /// <summary>Trigger data and everything <c>set</c> assigned; a subflow's output.</summary>
    public Dictionary<string, object?> Variables { get; } = variables;

    /// <summary>The contact event that started or last resumed the run (name and properties).</summary>
    public IReadOnlyDictionary<string, object?>? Event { get; set; } = triggeringEvent;

    /// <summary>The output of each node's latest visit, for <c>%{steps.id.output.field}</c>.</summary>
    public Dictionary<string, IReadOnlyDictionary<string, object?>> StepOutputs { get; } = stepOutputs;

    public IEnumerable<string> SecretValues => secrets.Values.Where(v => v.Length > 0);

    public DateTimeOffset Now => time.GetUtcNow();

    public bool TryResolve(string path, out object? value, out bool redacted)
    {
        redacted = false;
        var segments = path.Split('.');
        switch (segments[0])
        {
            case "contact" when segments.Length > 1:
                if (!Contact.HasField(segments[1])) { value = null; return false; }
                return Drill(Contact.Field(segments[1]), segments, 2, out value);
            case "event" when segments.Length > 1:
                if (Event is null) { value = null; return false; }
                return Drill(Event, segments, 1, out value);
            case "steps" when segments.Length > 2:
                if (!StepOutputs.TryGetValue(segments[1], out var output)) { value = null; return false; }
                var from = segments[2] == "output" ? 3 : 2;
                return Drill(output, segments, from, out value);
            case "secrets" when segments.Length == 2:
                redacted = true;
                var found = secrets.TryGetValue(segments[1], out var secret);
                value = secret;
                return found;
        }
        if (Variables.TryGetValue(segments[0], out var variable)) return Drill(variable, segments, 1, out value);
        if (Contact.Attributes.TryGetValue(segments[0], out var attribute)) return Drill(attribute, segments, 1, out value);
        value = null;
        return false;
    }

    private static bool Drill(object? current, string[] segments, int from, out object? value)
    {
        for (var i = from; i < segments.Length; i++)
        {
            switch (current)
            {
                case IReadOnlyDictionary<string, object?> map when map.TryGetValue(segments[i], out var next):
                    current = next;
                    break;
                case IReadOnlyList<object?> list when int.TryParse(segments[i], out var index) && index >= 0 && index < list.Count:
                    current = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        value = current;
        return true;
    }
}
