using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// The exact path a run took: every step's node, in order, with the port it left by (none for the step it ended on, a
/// cancelled wait, a failure). Loops repeat their nodes; a subflow is one step of its parent (the child has its own path);
/// retries of a step are one step. Its <see cref="Signature"/> is how runs are grouped by path: the same text for the
/// same path, computed here for a run that ends and by <see cref="Persistence.PathBackfill"/> in SQL for runs stored before.
/// </summary>
public sealed class RunPath
{
    /// <summary>Between a step's node and its port.</summary>
    public const char PortSeparator = '\u001f';

    /// <summary>Between two steps.</summary>
    public const char StepSeparator = '\u001e';

    private readonly SortedDictionary<int, (string NodeId, string? Port)> _steps = [];

    /// <summary>Records a step as it now stands (a later record of the same step replaces it).</summary>
    public void Record(StepRecord step) => _steps[step.Sequence] = (step.NodeId, step.Port);

    public string Signature => Encode(_steps.Values);

    /// <summary>The signature once <paramref name="staged"/> steps (not yet recorded) are added or replaced.</summary>
    public string SignatureWith(IEnumerable<StepRecord> staged)
    {
        var steps = new SortedDictionary<int, (string NodeId, string? Port)>(_steps);
        foreach (var step in staged) steps[step.Sequence] = (step.NodeId, step.Port);
        return Encode(steps.Values);
    }

    public static string Encode(IEnumerable<(string NodeId, string? Port)> steps) =>
        string.Join(StepSeparator, steps.Select(s => s.NodeId + PortSeparator + (s.Port ?? "")));

    /// <summary>The steps of a signature, in order (a port of "" reads back as none).</summary>
    public static IReadOnlyList<(string NodeId, string? Port)> Decode(string signature) =>
        signature.Length == 0 ? [] : signature.Split(StepSeparator).Select(s =>
        {
            var at = s.LastIndexOf(PortSeparator);
            return at < 0 ? (s, (string?)null) : (s[..at], at == s.Length - 1 ? null : s[(at + 1)..]);
        }).ToList();
}
