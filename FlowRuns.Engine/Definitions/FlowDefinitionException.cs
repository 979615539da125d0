namespace FlowRuns.Engine.Definitions;

/// <summary>A flow definition that cannot be published, with every problem found.</summary>
public sealed class FlowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception($"The flow definition has {problems.Count} problem(s): " + string.Join("; ", problems))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;

    /// <summary>What could be read of a document with shape problems (malformed nodes and edges left out), so the rest can still be checked.</summary>
    public FlowDefinition? Partial { get; init; }
}
