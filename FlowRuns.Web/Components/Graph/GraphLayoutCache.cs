using System.Collections.Concurrent;
using FlowRuns.Engine.Definitions;
using GraphShape.Algorithms.Layout;
using QuikGraph;

namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// Places a flow version's nodes: the author's x/y when every node has them, otherwise a layered (Sugiyama) layout from
/// GraphShape, top to bottom. Edges are routed by <see cref="EdgeRouting"/>: each from its own exit to its own entry,
/// bending only in the gaps between rows on tracks of their own; an edge that spans layers runs down the free column
/// GraphShape kept for it (its dummy vertices), so it never crosses a node in between.
/// <para>
/// Bounded and shared: each version is laid out once (a version never changes), off the circuit's render path, and
/// concurrent viewers await the same computation. The layered layout gets <see cref="LayoutOptions.Budget"/>; a graph
/// too large or dense for it, or one that runs over, is placed by a quick layered layout (longest path from the
/// trigger, no crossing reduction) in linear time, and the graph carries a notice saying so. A viewer who leaves stops
/// waiting; the computation is aborted at its budget whoever waits.
/// </para>
/// </summary>
public sealed class GraphLayoutCache(Microsoft.Extensions.Options.IOptions<LayoutOptions>? options = null, ILogger<GraphLayoutCache>? logger = null)
{
    public const double NodeWidth = 240;
    public const double NodeHeight = 84;
    public const double ExpressionNodeHeight = 132;
    private const double Margin = 40;
    private const int QuickRowWidth = 10;
    private readonly LayoutOptions _options = options?.Value ?? new LayoutOptions();
    private readonly ConcurrentDictionary<(string Key, int Version), Lazy<Task<LaidOutGraph>>> _cache = new();

    /// <summary>The version's layout: computed once, shared by every viewer; <paramref name="cancellationToken"/> only stops this caller's wait.</summary>
    public Task<LaidOutGraph> GetAsync(string flowKey, int version, FlowDefinition definition, CancellationToken cancellationToken = default) =>
        _cache.GetOrAdd((flowKey, version), _ => new Lazy<Task<LaidOutGraph>>(() => Task.Run(() => Layout(definition, _options, logger))))
            .Value.WaitAsync(cancellationToken);

    public static double HeightOf(NodeDefinition node) => node.Type is "condition" or "switch" ? ExpressionNodeHeight : NodeHeight;

    public static LaidOutGraph Layout(FlowDefinition definition) => Layout(definition, new LayoutOptions(), null);

    public static LaidOutGraph Layout(FlowDefinition definition, LayoutOptions options, ILogger? logger)
    {
        if (definition.Nodes.Count == 0) return new LaidOutGraph([], [], 2 * Margin, 2 * Margin);
        var authored = definition.Nodes.All(n => n.X is not null && n.Y is not null);
        string? notice = null;
        (Dictionary<string, (double, double)> Centers, Dictionary<EdgeDefinition, double> Columns) placed;
        if (authored) placed = (definition.Nodes.ToDictionary(n => n.Id, n => (n.X!.Value, n.Y!.Value)), new Dictionary<EdgeDefinition, double>());
        else if (definition.Nodes.Count > options.MaxLayeredNodes || definition.Edges.Count > options.MaxLayeredEdges)
        {
            notice = $"This graph has {definition.Nodes.Count:N0} nodes and {definition.Edges.Count:N0} edges, more than the layered layout takes " +
                     $"({options.MaxLayeredNodes:N0} nodes, {options.MaxLayeredEdges:N0} edges): nodes are placed by a quick layout and edges may cross.";
            placed = QuickLayers(definition);
        }
        else
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            placed = Sugiyama(definition, options.Budget) ?? default;
            if (placed.Centers is null)
            {
                logger?.LogWarning("The layered layout of {Flow} ran over its budget of {Budget}; a quick layout is used", definition.Key, options.Budget);
                notice = $"The layered layout of this graph took longer than {options.Budget.TotalSeconds:0.#} s: nodes are placed by a quick layout and edges may cross.";
                placed = QuickLayers(definition);
            }
            else logger?.LogDebug("Laid out {Flow} in {Ms} ms", definition.Key, watch.ElapsedMilliseconds);
        }
        var (centers, columns) = placed;
        var minX = centers.Values.Min(c => c.Item1) - NodeWidth / 2 - Margin;
        var minY = centers.Values.Min(c => c.Item2) - ExpressionNodeHeight / 2 - Margin - EdgeRouting.LabelZone - 2 * EdgeRouting.TrackSpacing;
        var nodes = definition.Nodes.Select(n =>
        {
            var (cx, cy) = centers[n.Id];
            var height = HeightOf(n);
            return new LaidOutNode(n.Id, n.Type, n.Label, cx - NodeWidth / 2 - minX, cy - height / 2 - minY, NodeWidth, height);
        }).ToList();
        var requests = definition.Edges.Select((e, i) => new EdgeRouting.Request(i, e.From, e.To, e.Port, columns.TryGetValue(e, out var column) ? column - minX : null)).ToList();
        var (placedNodes, edges) = EdgeRouting.Apply(nodes, requests, stretch: !authored);
        // The drawing's extent: nodes, and edges that leave them (loops run to the right, exits and entries in the gaps).
        var points = edges.SelectMany(e => e.Points).ToList();
        var width = Math.Max(placedNodes.Max(n => n.X + n.Width), points.Count == 0 ? 0 : points.Max(p => p.X)) + Margin;
        var height = Math.Max(placedNodes.Max(n => n.Y + n.Height), points.Count == 0 ? 0 : points.Max(p => p.Y)) + Margin;
        return new LaidOutGraph(placedNodes, edges, width, height) { Notice = notice };
    }

    /// <summary>
    /// Layers by longest path from the trigger (back edges ignored, unreachable nodes after), nodes side by side in each
    /// layer in document order: linear in the graph's size, for graphs the layered layout cannot take.
    /// </summary>
    private static (Dictionary<string, (double, double)> Centers, Dictionary<EdgeDefinition, double> Columns) QuickLayers(FlowDefinition definition)
    {
        var ids = definition.Nodes.Select(n => n.Id).Distinct().ToList();
        var outgoing = ids.ToDictionary(id => id, _ => new List<string>());
        foreach (var edge in definition.Edges)
            if (outgoing.TryGetValue(edge.From, out var list) && outgoing.ContainsKey(edge.To) && edge.From != edge.To) list.Add(edge.To);
        var layer = new Dictionary<string, int>();
        var root = definition.Nodes.FirstOrDefault(n => n.Type == "trigger")?.Id ?? ids[0];
        // Breadth-first from the trigger: a node's layer is one below the first layer that reaches it (no back edges by construction).
        var queue = new Queue<string>([root]);
        layer[root] = 0;
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            foreach (var next in outgoing[id])
                if (layer.TryAdd(next, layer[id] + 1)) queue.Enqueue(next);
        }
        var deepest = layer.Count == 0 ? 0 : layer.Values.Max();
        foreach (var id in ids) layer.TryAdd(id, deepest + 1);
        // A wide layer wraps into rows of at most QuickRowWidth nodes, so the drawing stays about as wide as it is tall.
        var centers = new Dictionary<string, (double, double)>();
        var row = 0;
        foreach (var group in ids.GroupBy(id => layer[id]).OrderBy(g => g.Key))
        {
            var members = group.ToList();
            for (var start = 0; start < members.Count; start += QuickRowWidth, row++)
                for (var i = start; i < Math.Min(members.Count, start + QuickRowWidth); i++)
                    centers[members[i]] = ((i - start) * (NodeWidth + 50), row * (ExpressionNodeHeight + 70));
        }
        return (centers, new Dictionary<EdgeDefinition, double>());
    }

    /// <summary>Node centers, and for each edge that spans layers the x of the column GraphShape routed it through.</summary>
    private static (Dictionary<string, (double, double)> Centers, Dictionary<EdgeDefinition, double> Columns)? Sugiyama(FlowDefinition definition, TimeSpan budget)
    {
        var graph = new BidirectionalGraph<string, TaggedEdge<string, string>>(allowParallelEdges: true);
        graph.AddVertexRange(definition.Nodes.Select(n => n.Id));
        var tagged = new Dictionary<TaggedEdge<string, string>, EdgeDefinition>();
        foreach (var edge in definition.Edges)
            if (graph.ContainsVertex(edge.From) && graph.ContainsVertex(edge.To) && edge.From != edge.To)
            {
                var shaped = new TaggedEdge<string, string>(edge.From, edge.To, edge.Port);
                tagged[shaped] = edge;
                graph.AddEdge(shaped);
            }
        var sizes = definition.Nodes.ToDictionary(n => n.Id, n => new GraphShape.Size(NodeWidth, HeightOf(n)));
        var algorithm = new SugiyamaLayoutAlgorithm<string, TaggedEdge<string, string>, BidirectionalGraph<string, TaggedEdge<string, string>>>(
            graph, sizes, new SugiyamaLayoutParameters { LayerGap = 70, SliceGap = 50, Direction = LayoutDirection.TopToBottom });
        // GraphShape checks for an abort between its phases and inside its loops: the budget ends the computation itself.
        using (new Timer(_ => algorithm.Abort(), null, budget, Timeout.InfiniteTimeSpan))
        {
            try { algorithm.Compute(); }
            catch (OperationCanceledException) { return null; }
        }
        if (algorithm.State != QuikGraph.Algorithms.ComputationState.Finished) return null;
        var columns = new Dictionary<EdgeDefinition, double>();
        foreach (var (edge, points) in algorithm.EdgeRoutes)
            if (points is { Length: > 0 } && tagged.TryGetValue(edge, out var definitionEdge))
                columns[definitionEdge] = points[0].X;
        return (algorithm.VerticesPositions.ToDictionary(p => p.Key, p => (p.Value.X, p.Value.Y)), columns);
    }
}
