using System.Collections.Concurrent;
using FlowRuns.Engine.Definitions;
using GraphShape.Algorithms.Layout;
using QuikGraph;

namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// Places a flow version's nodes: the author's x/y when every node has them, otherwise a layered (Sugiyama) layout from
/// GraphShape, top to bottom. Edges are drawn from the bottom of their source to the top of their target, with an
/// orthogonal bend. Cached per flow version: a version never changes.
/// </summary>
public sealed class GraphLayoutCache
{
    public const double NodeWidth = 240;
    public const double NodeHeight = 72;
    public const double ExpressionNodeHeight = 96;
    private const double Margin = 40;
    private readonly ConcurrentDictionary<(string Key, int Version), LaidOutGraph> _cache = new();

    public LaidOutGraph Get(string flowKey, int version, FlowDefinition definition) =>
        _cache.GetOrAdd((flowKey, version), _ => Layout(definition));

    public static double HeightOf(NodeDefinition node) => node.Type is "condition" or "switch" ? ExpressionNodeHeight : NodeHeight;

    public static LaidOutGraph Layout(FlowDefinition definition)
    {
        var centers = definition.Nodes.All(n => n.X is not null && n.Y is not null)
            ? definition.Nodes.ToDictionary(n => n.Id, n => (n.X!.Value, n.Y!.Value))
            : Sugiyama(definition);
        var minX = centers.Values.Min(c => c.Item1) - NodeWidth / 2 - Margin;
        var minY = centers.Values.Min(c => c.Item2) - ExpressionNodeHeight / 2 - Margin;
        var nodes = definition.Nodes.Select(n =>
        {
            var (cx, cy) = centers[n.Id];
            var height = HeightOf(n);
            return new LaidOutNode(n.Id, n.Type, n.Label, cx - NodeWidth / 2 - minX, cy - height / 2 - minY, NodeWidth, height);
        }).ToList();
        var byId = nodes.ToDictionary(n => n.Id);
        var edges = definition.Edges.Select((e, i) => (e, i))
            .Where(p => byId.ContainsKey(p.e.From) && byId.ContainsKey(p.e.To))
            .Select(p => new LaidOutEdge(p.i, p.e.From, p.e.To, p.e.Port, Route(byId[p.e.From], byId[p.e.To], definition.Edges, p.e)))
            .ToList();
        return new LaidOutGraph(nodes, edges, nodes.Max(n => n.X + n.Width) + Margin, nodes.Max(n => n.Y + n.Height) + Margin);
    }

    private static Dictionary<string, (double, double)> Sugiyama(FlowDefinition definition)
    {
        var graph = new BidirectionalGraph<string, TaggedEdge<string, string>>(allowParallelEdges: true);
        graph.AddVertexRange(definition.Nodes.Select(n => n.Id));
        foreach (var edge in definition.Edges)
            if (graph.ContainsVertex(edge.From) && graph.ContainsVertex(edge.To) && edge.From != edge.To)
                graph.AddEdge(new TaggedEdge<string, string>(edge.From, edge.To, edge.Port));
        var sizes = definition.Nodes.ToDictionary(n => n.Id, n => new GraphShape.Size(NodeWidth, HeightOf(n)));
        var algorithm = new SugiyamaLayoutAlgorithm<string, TaggedEdge<string, string>, BidirectionalGraph<string, TaggedEdge<string, string>>>(
            graph, sizes, new SugiyamaLayoutParameters { LayerGap = 70, SliceGap = 50, Direction = LayoutDirection.TopToBottom });
        algorithm.Compute();
        return algorithm.VerticesPositions.ToDictionary(p => p.Key, p => (p.Value.X, p.Value.Y));
    }

    /// <summary>Bottom of the source to top of the target; edges leaving one node spread along its bottom by port.</summary>
    private static IReadOnlyList<(double, double)> Route(LaidOutNode from, LaidOutNode to, IReadOnlyList<EdgeDefinition> all, EdgeDefinition edge)
    {
        var siblings = all.Where(e => e.From == edge.From).ToList();
        var slot = siblings.IndexOf(edge);
        var startX = from.X + from.Width * (slot + 1) / (siblings.Count + 1);
        var start = (startX, from.Y + from.Height);
        var end = (to.CenterX, to.Y);
        if (to.Y <= from.Y + from.Height)
        {
            // Back edge (a loop): go out to the side and come in from above.
            var side = Math.Max(from.X + from.Width, to.X + to.Width) + 30 + 12 * slot;
            return [start, (startX, start.Item2 + 20), (side, start.Item2 + 20), (side, to.Y - 20), (to.CenterX, to.Y - 20), end];
        }
        var midY = start.Item2 + (end.Item2 - start.Item2) / 2;
        return [start, (startX, midY), (to.CenterX, midY), end];
    }
}
