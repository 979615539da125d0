namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// Where the canvas looks: a zoom and a pan (screen = pan + zoom × graph point). The smallest text on the canvas is 12 CSS
/// px at zoom 1, so the first view of a run never goes below zoom 1: it fits the path the run took when that path fits at
/// a readable zoom, and otherwise centres the node the run ended or waits on (the answer to "what happened") at zoom 1.
/// Below <see cref="CompactBelow"/> text would fall under 8 px: nodes then draw as status pills (semantic zoom).
/// </summary>
public static class CanvasViewport
{
    public const double ReadableZoom = 1.0;
    public const double MaxFirstZoom = 1.25;
    public const double MinZoom = 0.05;
    public const double MaxZoom = 2.5;
    public const double CompactBelow = 8.0 / 12.0;
    private const double Margin = 24;

    public sealed record View(double Zoom, double PanX, double PanY);

    public sealed record Box(double Left, double Top, double Right, double Bottom)
    {
        public double Width => Right - Left;
        public double Height => Bottom - Top;
        public double CenterX => (Left + Right) / 2;
        public double CenterY => (Top + Bottom) / 2;

        public static Box Around(IEnumerable<LaidOutNode> nodes)
        {
            var list = nodes.ToList();
            return new Box(list.Min(n => n.X), list.Min(n => n.Y), list.Max(n => n.X + n.Width), list.Max(n => n.Y + n.Height));
        }
    }

    /// <summary>The whole graph, as large as the container allows (at most <see cref="MaxFirstZoom"/>), centred.</summary>
    public static View FitAll(LaidOutGraph graph, double width, double height) =>
        graph.Nodes.Count == 0 ? new View(1, 0, 0) : Fit(Box.Around(graph.Nodes), width, height, MinZoom, MaxFirstZoom);

    /// <summary>The first view of a run: its path at a readable zoom, or the node it is on, readable.</summary>
    public static View FirstView(LaidOutGraph graph, IReadOnlyCollection<string> pathNodeIds, string? focusNodeId, double width, double height)
    {
        var path = graph.Nodes.Where(n => pathNodeIds.Contains(n.Id)).ToList();
        if (path.Count == 0) path = graph.Nodes.ToList();
        if (path.Count == 0) return new View(1, 0, 0);
        var box = Box.Around(path);
        var fits = Math.Min((width - 2 * Margin) / box.Width, (height - 2 * Margin) / box.Height);
        if (fits >= ReadableZoom) return Fit(box, width, height, ReadableZoom, MaxFirstZoom);
        // Too long to read whole: the node the run is on (or ended on), at zoom 1, near the bottom so the steps that led to
        // it fill the view above it (room kept below for its chips).
        var focus = graph.Node(focusNodeId ?? "") ?? path[^1];
        var panX = width / 2 - focus.CenterX * ReadableZoom;
        var panY = Math.Min(height - Margin - 40 - (focus.Y + focus.Height) * ReadableZoom, Margin - box.Top * ReadableZoom);
        // Keep the path's left edge in view when the path is narrower than the container.
        if (box.Width * ReadableZoom <= width - 2 * Margin) panX = width / 2 - box.CenterX * ReadableZoom;
        return new View(ReadableZoom, panX, panY);
    }

    /// <summary>The graph as authored: whole when it is readable whole, otherwise from its top (the trigger) at zoom 1.</summary>
    public static View FirstAuthoredView(LaidOutGraph graph, double width, double height)
    {
        if (graph.Nodes.Count == 0) return new View(1, 0, 0);
        var box = Box.Around(graph.Nodes);
        var fits = Math.Min((width - 2 * Margin) / box.Width, (height - 2 * Margin) / box.Height);
        if (fits >= ReadableZoom) return Fit(box, width, height, ReadableZoom, MaxFirstZoom);
        var top = graph.Nodes.MinBy(n => n.Y)!;
        var panX = box.Width <= width - 2 * Margin ? width / 2 - box.CenterX : width / 2 - top.CenterX;
        return new View(ReadableZoom, panX, Margin - box.Top);
    }

    /// <summary>Zooms by <paramref name="factor"/> around the container's centre, within <paramref name="minZoom"/>–<paramref name="maxZoom"/>.</summary>
    public static View ZoomBy(View view, double factor, double width, double height, double minZoom = MinZoom, double maxZoom = MaxZoom)
    {
        var zoom = Math.Clamp(view.Zoom * factor, minZoom, maxZoom);
        var scale = zoom / view.Zoom;
        return new View(zoom, width / 2 - (width / 2 - view.PanX) * scale, height / 2 - (height / 2 - view.PanY) * scale);
    }

    private static View Fit(Box box, double width, double height, double minZoom, double maxZoom)
    {
        var zoom = Math.Clamp(Math.Min((width - 2 * Margin) / box.Width, (height - 2 * Margin) / box.Height), minZoom, maxZoom);
        return new View(zoom, width / 2 - box.CenterX * zoom, height / 2 - box.CenterY * zoom);
    }
}
