namespace FlowRuns.Engine.Definitions;

/// <summary>A flow definition that cannot be published, with every problem found.</summary>
public sealed class FlowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception($"The flow definition has {problems.Count} problem(s): " + string.Join("; ", problems))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
