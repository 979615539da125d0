using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Components.Flows;

/// <summary>
/// The graph two versions' diff is painted on: the newer version with what the older had and the newer lacks (removed
/// nodes and edges) put back in, so one canvas shows every change in place.
/// </summary>
public static class VersionDiffGraph
{
    public static FlowDefinition Union(FlowDiff diff, FlowDefinition after) => after with
    {
        Nodes = [.. after.Nodes, .. diff.RemovedNodes],
        Edges = [.. after.Edges, .. diff.RemovedEdges],
    };

    /// <summary>The layout cache's key for a diff's graph: never a flow key (those are lower-case letters, digits and dashes).</summary>
    public static string LayoutKey(string flowKey, FlowDiff diff) => $"{flowKey} v{diff.Before}→v{diff.After}";
}
