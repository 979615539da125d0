namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// Routes every edge of a placed graph orthogonally so that a reader can follow each one:
/// <list type="bullet">
/// <item>nodes are grouped into rows (boxes that overlap vertically); edges bend only in the gaps between rows;</item>
/// <item>each outgoing edge leaves its node from its own exit on the bottom edge (ordered by where it goes), each incoming
/// edge enters at its own point on the top edge;</item>
/// <item>every horizontal run has its own track in its gap, so no two edges share a segment; gaps of a computed layout
/// are stretched until their tracks are at least <see cref="TrackSpacing"/> apart;</item>
/// <item>an edge that skips rows runs down a free column (GraphShape's, when it is free) and a loop back up runs down
/// a channel to the right of the whole drawing, so no edge passes through a node;</item>
/// <item>each port label sits just below its exit, in the gap, never under a node.</item>
/// </list>
/// </summary>
public static class EdgeRouting
{
    /// <summary>Height kept at the top of each gap for the port labels of the edges leaving the row above.</summary>
    public const double LabelZone = 30;
    public const double TrackSpacing = 10;
    private const double MinimumGap = 70;
    private const double SideChannelSpacing = 14;
    private const double ChannelClearance = 12;

    public sealed record Request(int Index, string From, string To, string Port, double? Column);

    private sealed record Row(double Top, double Bottom);

    private enum Kind { Adjacent, Long, Back }

    private sealed class Route(Request request, LaidOutNode from, LaidOutNode to, Kind kind)
    {
        public Request Request { get; } = request;
        public LaidOutNode From { get; } = from;
        public LaidOutNode To { get; } = to;
        public Kind Kind { get; } = kind;
        public double StartX, EndX, ChannelX, LeaveY, ArriveY;
        public int Slot, Siblings;
    }

    /// <summary>
    /// Routes <paramref name="requests"/> over <paramref name="nodes"/>; with <paramref name="stretch"/> (a computed layout)
    /// rows move down to give each gap room for its tracks, and the moved nodes are returned.
    /// </summary>
    public static (IReadOnlyList<LaidOutNode> Nodes, IReadOnlyList<LaidOutEdge> Edges) Apply(IReadOnlyList<LaidOutNode> nodes, IReadOnlyList<Request> requests, bool stretch)
    {
        if (nodes.Count == 0) return (nodes, []);
        var rowOf = new Dictionary<string, int>();
        var rows = Rows(nodes, rowOf);
        var byId = nodes.ToDictionary(n => n.Id);
        var usable = requests.Where(r => byId.ContainsKey(r.From) && byId.ContainsKey(r.To)).ToList();

        // The gaps' horizontal runs: gap r lies below row r (gap −1 above the first row).
        int LeaveGap(Request r) => rowOf[r.From];
        int ArriveGap(Request r) => rowOf[r.To] - 1;
        Kind KindOf(Request r) => rowOf[r.To] == rowOf[r.From] + 1 ? Kind.Adjacent : rowOf[r.To] > rowOf[r.From] ? Kind.Long : Kind.Back;
        var demand = new Dictionary<int, int>();
        foreach (var request in usable)
        {
            demand[LeaveGap(request)] = demand.GetValueOrDefault(LeaveGap(request)) + 1;
            if (KindOf(request) != Kind.Adjacent) demand[ArriveGap(request)] = demand.GetValueOrDefault(ArriveGap(request)) + 1;
        }
        double Needed(int gap) => Math.Max(MinimumGap, LabelZone + (demand.GetValueOrDefault(gap) + 1) * TrackSpacing + 4);

        if (stretch)
        {
            // Move each row down by what the gaps above it lacked.
            var shift = new double[rows.Count];
            double total = 0;
            for (var r = 1; r < rows.Count; r++)
            {
                var have = rows[r].Top - rows[r - 1].Bottom;
                total += Math.Max(0, Needed(r - 1) - have);
                shift[r] = total;
            }
            if (total > 0)
            {
                nodes = nodes.Select(n => shift[rowOf[n.Id]] == 0 ? n : n with { Y = n.Y + shift[rowOf[n.Id]] }).ToList();
                rows = rows.Select((row, r) => new Row(row.Top + shift[r], row.Bottom + shift[r])).ToList();
                byId = nodes.ToDictionary(n => n.Id);
            }
        }

        (double Top, double Bottom) Gap(int gap) => gap < 0
            ? (rows[0].Top - Needed(-1), rows[0].Top)
            : gap >= rows.Count - 1 ? (rows[^1].Bottom, rows[^1].Bottom + Needed(gap)) : (rows[gap].Bottom, rows[gap + 1].Top);

        var routes = usable.Select(r => new Route(r, byId[r.From], byId[r.To], KindOf(r))).ToList();
        var right = nodes.Max(n => n.X + n.Width);

        // Exits: a node's outgoing edges ordered by where they head, spread along its bottom edge.
        foreach (var group in routes.GroupBy(r => r.Request.From))
        {
            var ordered = group.OrderBy(r => r.Kind == Kind.Back ? 1 : 0).ThenBy(r => r.To.CenterX).ThenBy(r => r.Request.Index).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var route = ordered[i];
                route.Slot = i;
                route.Siblings = ordered.Count;
                route.StartX = route.From.X + route.From.Width * (i + 1) / (ordered.Count + 1);
            }
        }

        // Channels: an edge that skips rows goes down a column free of nodes; a loop goes up the right-hand side.
        var channels = new List<(double X, double Top, double Bottom)>();
        var sideChannels = 0;
        foreach (var route in routes.Where(r => r.Kind == Kind.Back))
            route.ChannelX = right + 30 + SideChannelSpacing * sideChannels++;
        foreach (var route in routes.Where(r => r.Kind == Kind.Long))
        {
            var (firstRow, lastRow) = (rowOf[route.Request.From] + 1, rowOf[route.Request.To] - 1);
            var top = rows[firstRow].Top - 1;
            var bottom = rows[lastRow].Bottom + 1;
            var blocked = nodes.Where(n => rowOf[n.Id] >= firstRow && rowOf[n.Id] <= lastRow)
                .Select(n => (Left: n.X - ChannelClearance, Right: n.X + n.Width + ChannelClearance))
                .Concat(channels.Where(c => c.Top < bottom && c.Bottom > top).Select(c => (Left: c.X - TrackSpacing / 2, Right: c.X + TrackSpacing / 2)))
                .ToList();
            var wanted = route.Request.Column ?? (route.StartX + route.To.CenterX) / 2;
            route.ChannelX = FreeX(wanted, blocked) ?? right + 30 + SideChannelSpacing * sideChannels++;
            channels.Add((route.ChannelX, top, bottom));
        }

        // Entries: a node's incoming edges ordered by where they come from, spread along its top edge.
        foreach (var group in routes.GroupBy(r => r.Request.To))
        {
            var ordered = group.OrderBy(r => r.Kind == Kind.Adjacent ? r.StartX : r.ChannelX).ThenBy(r => r.Request.Index).ToList();
            for (var i = 0; i < ordered.Count; i++)
                ordered[i].EndX = ordered[i].To.X + ordered[i].To.Width * (i + 1) / (ordered.Count + 1);
        }

        // Tracks: every horizontal run in a gap gets its own height, in order of where it starts (fewer crossings).
        var runs = new List<(int Gap, Route Route, bool Leave, double Key)>();
        foreach (var route in routes)
        {
            if (route.Kind == Kind.Adjacent) runs.Add((LeaveGap(route.Request), route, true, Math.Min(route.StartX, route.EndX)));
            else
            {
                runs.Add((LeaveGap(route.Request), route, true, route.StartX));
                runs.Add((ArriveGap(route.Request), route, false, route.ChannelX));
            }
        }
        foreach (var gap in runs.GroupBy(r => r.Gap))
        {
            var (top, bottom) = Gap(gap.Key);
            var first = top + Math.Min(LabelZone, (bottom - top) / 3);
            var ordered = gap.OrderBy(r => r.Key).ThenBy(r => r.Route.Request.Index).ToList();
            var spacing = (bottom - 4 - first) / (ordered.Count + 1);
            for (var i = 0; i < ordered.Count; i++)
            {
                var y = first + spacing * (i + 1);
                if (ordered[i].Leave) ordered[i].Route.LeaveY = y;
                else ordered[i].Route.ArriveY = y;
            }
        }

        SeparateEntries(routes);

        var edges = routes.OrderBy(r => r.Request.Index).Select(route =>
        {
            if (route.Kind == Kind.Adjacent) route.ArriveY = route.LeaveY;
            var points = route.Kind == Kind.Adjacent
                ? new List<(double, double)> { (route.StartX, route.From.Y + route.From.Height), (route.StartX, route.LeaveY), (route.EndX, route.LeaveY), (route.EndX, route.To.Y) }
                : [(route.StartX, route.From.Y + route.From.Height), (route.StartX, route.LeaveY), (route.ChannelX, route.LeaveY), (route.ChannelX, route.ArriveY), (route.EndX, route.ArriveY), (route.EndX, route.To.Y)];
            var labelY = route.From.Y + route.From.Height + 13 + (route.Slot % 2) * 13;
            return new LaidOutEdge(route.Request.Index, route.Request.From, route.Request.To, route.Request.Port, Simplify(points))
            {
                LabelAt = (route.StartX + 4, labelY),
            };
        }).ToList();
        return (nodes, edges);
    }

    /// <summary>Rows: nodes whose boxes overlap vertically, top to bottom.</summary>
    private static List<Row> Rows(IReadOnlyList<LaidOutNode> nodes, Dictionary<string, int> rowOf)
    {
        var rows = new List<Row>();
        foreach (var node in nodes.OrderBy(n => n.Y))
        {
            if (rows.Count > 0 && node.Y < rows[^1].Bottom)
                rows[^1] = rows[^1] with { Bottom = Math.Max(rows[^1].Bottom, node.Y + node.Height) };
            else rows.Add(new Row(node.Y, node.Y + node.Height));
            rowOf[node.Id] = rows.Count - 1;
        }
        return rows;
    }

    /// <summary>The x nearest <paramref name="wanted"/> outside every blocked interval; null when none is near.</summary>
    private static double? FreeX(double wanted, List<(double Left, double Right)> blocked)
    {
        if (!blocked.Any(b => wanted > b.Left && wanted < b.Right)) return wanted;
        var candidates = blocked.SelectMany(b => new[] { b.Left - 1, b.Right + 1 })
            .Where(x => !blocked.Any(b => x > b.Left && x < b.Right))
            .OrderBy(x => Math.Abs(x - wanted)).ToList();
        return candidates.Count == 0 ? null : candidates[0];
    }

    /// <summary>
    /// An entry's last vertical and an exit's first vertical live in the same gap: when they would lie on one line and
    /// overlap, the entry moves aside along its node's top edge.
    /// </summary>
    private static void SeparateEntries(List<Route> routes)
    {
        var exits = routes.Select(r => (X: r.StartX, Top: r.From.Y + r.From.Height, Bottom: r.LeaveY)).ToList();
        var channelRuns = routes.Where(r => r.Kind != Kind.Adjacent).Select(r => (X: r.ChannelX, Top: Math.Min(r.LeaveY, r.ArriveY), Bottom: Math.Max(r.LeaveY, r.ArriveY))).ToList();
        foreach (var route in routes)
        {
            var top = route.Kind == Kind.Adjacent ? route.LeaveY : route.ArriveY;
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var x = route.EndX;
                var clash = exits.Concat(channelRuns).Any(v => Math.Abs(v.X - x) < 3 && v.Top < route.To.Y && v.Bottom > top);
                if (!clash) break;
                route.EndX = Math.Min(route.To.X + route.To.Width - 4, route.EndX + 7);
            }
        }
    }

    /// <summary>Drops repeated points and points in the middle of a straight run.</summary>
    private static List<(double X, double Y)> Simplify(List<(double X, double Y)> points)
    {
        var kept = new List<(double X, double Y)>();
        foreach (var point in points)
        {
            if (kept.Count > 0 && Math.Abs(kept[^1].X - point.X) < 0.01 && Math.Abs(kept[^1].Y - point.Y) < 0.01) continue;
            if (kept.Count >= 2)
            {
                var (a, b) = (kept[^2], kept[^1]);
                var straight = (Math.Abs(a.X - b.X) < 0.01 && Math.Abs(b.X - point.X) < 0.01) || (Math.Abs(a.Y - b.Y) < 0.01 && Math.Abs(b.Y - point.Y) < 0.01);
                if (straight) kept[^1] = point;
                else kept.Add(point);
            }
            else kept.Add(point);
        }
        return kept;
    }
}
