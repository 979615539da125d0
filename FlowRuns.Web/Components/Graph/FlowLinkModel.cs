using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.PathGenerators;
using Blazor.Diagrams.Core.Routers;

namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// One flow edge on the canvas, along the route <see cref="EdgeRouting"/> computed: its ends are fixed points and its
/// bends are the link's vertices, so the library's own path (and the bounds it virtualizes by) is the drawn route.
/// </summary>
public sealed class FlowLinkModel : LinkModel
{
    public FlowLinkModel(LaidOutEdge edge)
        : base($"edge-{edge.Index}", new PositionAnchor(new Point(edge.Points[0].X, edge.Points[0].Y)), new PositionAnchor(new Point(edge.Points[^1].X, edge.Points[^1].Y)))
    {
        Edge = edge;
        Router = new NormalRouter();
        PathGenerator = new StraightPathGenerator();
        Locked = true;
        foreach (var (x, y) in edge.Points.Skip(1).SkipLast(1)) AddVertex(new Point(x, y));
    }

    public LaidOutEdge Edge { get; }

    /// <summary>The order numbers (1, 2, …) of each time the painted run went along this edge; empty when it did not.</summary>
    public IReadOnlyList<int> Taken { get; set; } = [];

    /// <summary>How many runs went along this edge, when a version's paths are painted as counts; null otherwise.</summary>
    public Runs.LinkTraffic? Traffic { get; set; }

    /// <summary>"added" or "removed" when two versions' diff is painted; null otherwise.</summary>
    public string? Change { get; set; }

    /// <summary>The graph as authored, with no run on it: every edge drawn plain.</summary>
    public bool Authored { get; set; }
}
