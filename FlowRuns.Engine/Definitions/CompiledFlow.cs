using FlowRuns.Engine.Nodes;

namespace FlowRuns.Engine.Definitions;

/// <summary>A published version ready to run: nodes with compiled settings and edges indexed by (node, port).</summary>
public sealed class CompiledFlow
{
    private readonly Dictionary<(string From, string Port), string> _edges;

    public CompiledFlow(FlowDefinition definition, IReadOnlyDictionary<string, CompiledNode> nodes, string fingerprint)
    {
        Definition = definition;
        Nodes = nodes;
        Fingerprint = fingerprint;
        _edges = definition.Edges.ToDictionary(e => (e.From, e.Port), e => e.To);
        Trigger = nodes.Values.Single(n => n.Definition.Type == "trigger");
    }

    public FlowDefinition Definition { get; }

    public IReadOnlyDictionary<string, CompiledNode> Nodes { get; }

    public CompiledNode Trigger { get; }

    public string Fingerprint { get; }

    /// <summary>The node an edge from <paramref name="nodeId"/> by <paramref name="port"/> leads to, or null when there is none.</summary>
    public CompiledNode? Follow(string nodeId, string port) =>
        _edges.TryGetValue((nodeId, port), out var to) ? Nodes[to] : null;

    public bool HasEdge(string nodeId, string port) => _edges.ContainsKey((nodeId, port));
}
