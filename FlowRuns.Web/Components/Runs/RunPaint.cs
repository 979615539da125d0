using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// A run painted onto its flow version: each node's status and visits, and each edge the run took with the order in
/// which it took it. Built from the stored run alone — the web app never walks a graph.
/// </summary>
public sealed class RunPaint
{
    private readonly Dictionary<string, NodePaint> _nodes;

    private RunPaint(Dictionary<string, NodePaint> nodes, Dictionary<int, List<int>> takenEdges)
    {
        _nodes = nodes;
        TakenEdges = takenEdges;
    }

    /// <summary>Edge index → the order numbers (1, 2, …) of each time the run went along it.</summary>
    public IReadOnlyDictionary<int, List<int>> TakenEdges { get; }

    public NodePaint Node(string id) => _nodes.TryGetValue(id, out var paint) ? paint : new NodePaint(id, NodePaint.NotReached, []);

    public static RunPaint From(RunDetail run, FlowDefinition flow)
    {
        var nodes = run.Steps.GroupBy(s => s.NodeId)
            .ToDictionary(g => g.Key, g => new NodePaint(g.Key, g.Last().Status, g.OrderBy(s => s.Sequence).ToList()));
        var taken = new Dictionary<int, List<int>>();
        var order = 0;
        var steps = run.Steps.OrderBy(s => s.Sequence).ToList();
        for (var i = 0; i + 1 < steps.Count; i++)
        {
            var (from, to) = (steps[i], steps[i + 1]);
            var index = Find(flow, from.NodeId, from.Port, to.NodeId);
            if (index < 0) continue;
            if (!taken.TryGetValue(index, out var list)) taken[index] = list = [];
            list.Add(++order);
        }
        return new RunPaint(nodes, taken);
    }

    private static int Find(FlowDefinition flow, string from, string? port, string to)
    {
        for (var i = 0; i < flow.Edges.Count; i++)
        {
            var edge = flow.Edges[i];
            if (edge.From == from && edge.To == to && (port is null || edge.Port == port)) return i;
        }
        return -1;
    }
}
