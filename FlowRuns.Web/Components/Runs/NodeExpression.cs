using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Components.Runs;

/// <summary>The expression a node decides by: a condition's <c>expression</c>, a switch's <c>on</c>; null for other nodes.</summary>
public static class NodeExpression
{
    public static string? Of(NodeDefinition node) => node.Type switch
    {
        "condition" => node.GetString("expression"),
        "switch" => node.GetString("on"),
        _ => null,
    };

    public static string? Of(FlowDefinition flow, string nodeId) => flow.Nodes.FirstOrDefault(n => n.Id == nodeId) is { } node ? Of(node) : null;
}
