namespace FlowRuns.Web.Components.Graph;

/// <summary>A node placed on the canvas: its top-left corner and size.</summary>
public sealed record LaidOutNode(string Id, string Type, string Label, double X, double Y, double Width, double Height)
{
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
}

/// <summary>An edge routed on the canvas: its index in the flow's edge list, its port and its points (source to target).</summary>
public sealed record LaidOutEdge(int Index, string From, string To, string Port, IReadOnlyList<(double X, double Y)> Points)
{
    /// <summary>Where the port's label starts (its baseline's left end): just below the edge's exit, in the gap under its node.</summary>
    public (double X, double Y) LabelAt { get; init; } = Points.Count > 0 ? (Points[0].X + 4, Points[0].Y + 13) : (0, 0);
}

/// <summary>A flow version's graph, laid out once: nodes and routed edges, and the size of the drawing.</summary>
public sealed record LaidOutGraph(IReadOnlyList<LaidOutNode> Nodes, IReadOnlyList<LaidOutEdge> Edges, double Width, double Height)
{
    /// <summary>Why the graph was placed by the quick layout (too large, too dense or over the time budget); null otherwise.</summary>
    public string? Notice { get; init; }

    public LaidOutNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);
}
