namespace FlowRuns.Engine.Nodes;

/// <summary>The node types the engine knows, by their JSON <c>type</c> name.</summary>
public sealed class NodeTypeRegistry(IEnumerable<NodeType> types)
{
    private readonly Dictionary<string, NodeType> _types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _types.Keys;

    public bool TryGet(string name, out NodeType type) => _types.TryGetValue(name, out type!);
}
