using FlowRuns.Web.Components.Graph;

namespace FlowRuns.Tests.Web.Components;

/// <summary>
/// What makes a drawn graph readable, measured: no two edges share a stretch of line, no edge passes through a node, no
/// port label lies under a node, each edge's ends touch its own nodes.
/// </summary>
public static class GraphGeometry
{
    private const double LabelCharWidth = 7; // 12 px text, generously wide
    private const double LabelHeight = 13;

    public static void AssertReadable(LaidOutGraph graph)
    {
        var problems = Problems(graph).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems.Take(25)));
    }

    public static IEnumerable<string> Problems(LaidOutGraph graph)
    {
        var byId = graph.Nodes.ToDictionary(n => n.Id);
        var segments = graph.Edges.SelectMany(e => e.Points.Zip(e.Points.Skip(1), (a, b) => (Edge: e, A: a, B: b))).ToList();
        foreach (var (edge, a, b) in segments)
            if (Math.Abs(a.X - b.X) > 0.01 && Math.Abs(a.Y - b.Y) > 0.01)
                yield return $"{Name(edge)} has a diagonal segment {a} → {b}";
        foreach (var edge in graph.Edges)
        {
            var (from, to) = (byId[edge.From], byId[edge.To]);
            var (first, last) = (edge.Points[0], edge.Points[^1]);
            if (Math.Abs(first.Y - (from.Y + from.Height)) > 0.5 || first.X < from.X || first.X > from.X + from.Width)
                yield return $"{Name(edge)} does not leave from the bottom of {from.Id}";
            if (Math.Abs(last.Y - to.Y) > 0.5 || last.X < to.X || last.X > to.X + to.Width)
                yield return $"{Name(edge)} does not arrive on the top of {to.Id}";
        }
        // Through a node: any segment inside a node's box (inset by a pixel), its own ends' nodes included.
        foreach (var (edge, a, b) in segments)
            foreach (var node in graph.Nodes)
                if (Math.Min(a.X, b.X) < node.X + node.Width - 1 && Math.Max(a.X, b.X) > node.X + 1
                    && Math.Min(a.Y, b.Y) < node.Y + node.Height - 1 && Math.Max(a.Y, b.Y) > node.Y + 1)
                    yield return $"{Name(edge)} passes through {node.Id}";
        // Shared stretches: two collinear segments of different edges overlapping by more than a pixel.
        for (var i = 0; i < segments.Count; i++)
            for (var j = i + 1; j < segments.Count; j++)
            {
                var (s, t) = (segments[i], segments[j]);
                if (s.Edge == t.Edge) continue;
                if (Vertical(s) && Vertical(t) && Math.Abs(s.A.X - t.A.X) < 1 && Overlap(s.A.Y, s.B.Y, t.A.Y, t.B.Y) > 1)
                    yield return $"{Name(s.Edge)} and {Name(t.Edge)} share a vertical stretch at x={s.A.X:0.#}";
                if (!Vertical(s) && !Vertical(t) && Math.Abs(s.A.Y - t.A.Y) < 1 && Overlap(s.A.X, s.B.X, t.A.X, t.B.X) > 1)
                    yield return $"{Name(s.Edge)} and {Name(t.Edge)} share a horizontal stretch at y={s.A.Y:0.#}";
            }
        // Port labels: their box must not lie under any node.
        foreach (var edge in graph.Edges.Where(e => e.Port != "default"))
        {
            var (x, y) = edge.LabelAt;
            var width = Math.Min(edge.Port.Length, 14) * LabelCharWidth;
            foreach (var node in graph.Nodes)
                if (x < node.X + node.Width && x + width > node.X && y - LabelHeight + 3 < node.Y + node.Height && y + 3 > node.Y)
                    yield return $"the label '{edge.Port}' of {Name(edge)} lies under {node.Id}";
        }
    }

    private static bool Vertical((LaidOutEdge Edge, (double X, double Y) A, (double X, double Y) B) s) => Math.Abs(s.A.X - s.B.X) < 0.01;

    private static double Overlap(double a1, double a2, double b1, double b2) =>
        Math.Min(Math.Max(a1, a2), Math.Max(b1, b2)) - Math.Max(Math.Min(a1, a2), Math.Min(b1, b2));

    private static string Name(LaidOutEdge edge) => $"{edge.From} →{(edge.Port == "default" ? "" : $"[{edge.Port}]")} {edge.To}";
}
