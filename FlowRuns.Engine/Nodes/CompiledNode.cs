using FlowRuns.Engine.Definitions;

namespace FlowRuns.Engine.Nodes;

/// <summary>A node of a published version, with its type and its settings parsed once.</summary>
public sealed record CompiledNode(NodeDefinition Definition, NodeType Type, object Config)
{
    public string Id => Definition.Id;
}
