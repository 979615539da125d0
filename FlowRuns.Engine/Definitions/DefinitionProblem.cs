namespace FlowRuns.Engine.Definitions;

/// <summary>One thing wrong with a flow definition, pointing at the node, edge (index in <c>edges</c>) or field concerned.</summary>
public sealed record DefinitionProblem(string Message, string? NodeId = null, int? EdgeIndex = null, string? Field = null)
{
    public override string ToString()
    {
        var where = NodeId is not null ? $"node '{NodeId}'" : EdgeIndex is not null ? $"edges[{EdgeIndex}]" : Field ?? "flow";
        return $"{where}: {Message}";
    }
}
