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

    private RunPaint(Dictionary<string, NodePaint> nodes, Dictionary<int, List<int>> takenEdges, EventPlacement events)
    {
        _nodes = nodes;
        TakenEdges = takenEdges;
        Events = events;
    }

    /// <summary>Edge index → how many runs went along it (a version's paths painted as counts); empty for one run.</summary>
    public IReadOnlyDictionary<int, LinkTraffic> Traffic { get; private init; } = new Dictionary<int, LinkTraffic>();

    /// <summary>Counts are painted: every edge without an entry in <see cref="Traffic"/> was taken by no run.</summary>
    public bool CountsTraffic { get; private init; }

    /// <summary>Edge index → "added" or "removed" (two versions' diff painted); empty otherwise.</summary>
    public IReadOnlyDictionary<int, string> EdgeChanges { get; private init; } = new Dictionary<int, string>();

    /// <summary>The first view shows the graph from its start (figures all over it), not the nodes painted.</summary>
    public bool OpensAtStart { get; private init; }

    /// <summary>What the canvas says it shows, when it is not one run.</summary>
    public string? Caption { get; private init; }

    /// <summary>Which step each of the run's analytic events is shown under.</summary>
    public EventPlacement Events { get; }

    /// <summary>Edge index → the order numbers (1, 2, …) of each time the run went along it.</summary>
    public IReadOnlyDictionary<int, List<int>> TakenEdges { get; }

    /// <summary>Not one run: figures painted on the graph as authored (a failure group on its node); other nodes stay as authored.</summary>
    public bool Overlay { get; private init; }

    public NodePaint Node(string id) => _nodes.TryGetValue(id, out var paint) ? paint : new NodePaint(id, Overlay ? NodePaint.Authored : NodePaint.NotReached, []);

    /// <summary>A failure group painted on its node: failed, with its code and how many runs broke there.</summary>
    public static RunPaint ForFailureGroup(FailureGroup group)
    {
        var nodes = new Dictionary<string, NodePaint>();
        if (group.NodeId is { } nodeId)
            nodes[nodeId] = new NodePaint(nodeId, "Failed", [])
            {
                Error = new ErrorView(group.ErrorCode ?? "FAILED", $"{group.Count:N0} run{(group.Count == 1 ? "" : "s")}, {group.Share:P1} of v{group.Version}", "", null),
            };
        return new RunPaint(nodes, [], EventPlacement.None) { Overlay = true };
    }

    /// <summary>
    /// A version's paths painted as counts: each node with how many runs reached it, each edge with how many took it (and,
    /// given a second version's paths, that version's share of the same edge beside it).
    /// </summary>
    public static RunPaint ForTraffic(VersionPaths paths, VersionPaths? compared, FlowDefinition flow)
    {
        var nodes = flow.Nodes.Select(n => n.Id).Distinct().ToDictionary(id => id, id =>
            new NodePaint(id, NodePaint.Authored, []) { Reached = (paths.NodeRuns.GetValueOrDefault(id), paths.NodeShare(id)) });
        var before = compared?.Edges.ToDictionary(e => (e.From, e.Port, e.To), e => compared.Runs == 0 ? 0 : (double)e.Runs / compared.Runs);
        var traffic = new Dictionary<int, LinkTraffic>();
        foreach (var edge in paths.Edges)
        {
            var index = Find(flow, edge.From, edge.Port, edge.To);
            if (index < 0) continue;
            var share = paths.Runs == 0 ? 0 : (double)edge.Runs / paths.Runs;
            double? was = before is null ? null : before.GetValueOrDefault((edge.From, edge.Port, edge.To));
            traffic[index] = traffic.TryGetValue(index, out var known) ? known with { Runs = known.Runs + edge.Runs, Share = known.Share + share } : new LinkTraffic(edge.Runs, share, was);
        }
        // An edge no run of this version took still shows what the other version sent along it.
        if (before is not null)
            for (var i = 0; i < flow.Edges.Count; i++)
                if (!traffic.ContainsKey(i) && before.FirstOrDefault(b => b.Key.From == flow.Edges[i].From && b.Key.To == flow.Edges[i].To && (b.Key.Port ?? "default") == flow.Edges[i].Port) is { Key.From: not null } other)
                    traffic[i] = new LinkTraffic(0, 0, other.Value);
        var caption = $"v{paths.Version}: {paths.Runs:N0} ended run{(paths.Runs == 1 ? "" : "s")} — each node with how many reached it, each edge with how many took it"
            + (compared is null ? "." : $" (beside it, v{compared.Version}'s share of {compared.Runs:N0}).");
        return new RunPaint(nodes, [], EventPlacement.None) { Overlay = true, Traffic = traffic, CountsTraffic = true, Caption = caption, OpensAtStart = true };
    }

    /// <summary>
    /// Two versions' diff painted on their union graph (<see cref="Flows.VersionDiffGraph"/>): nodes added, removed or
    /// changed (with what changed), edges added or removed; the rest as authored.
    /// </summary>
    public static RunPaint ForDiff(FlowDiff diff, FlowDefinition union)
    {
        var nodes = new Dictionary<string, NodePaint>();
        foreach (var node in diff.AddedNodes) nodes[node.Id] = new NodePaint(node.Id, Added, []) { Change = $"new in v{diff.After}" };
        foreach (var node in diff.RemovedNodes) nodes[node.Id] = new NodePaint(node.Id, Removed, []) { Change = $"removed in v{diff.After}" };
        foreach (var change in diff.ChangedNodes)
            nodes[change.NodeId] = new NodePaint(change.NodeId, Changed, [])
            {
                Change = string.Join("\n", change.Settings.Select(s => $"{s.Name} was: {s.Before ?? "(none)"}")),
            };
        var edges = new Dictionary<int, string>();
        for (var i = 0; i < union.Edges.Count; i++)
        {
            var edge = union.Edges[i];
            bool Same(EdgeDefinition other) => other.From == edge.From && other.To == edge.To && other.Port == edge.Port;
            if (diff.AddedEdges.Any(Same)) edges[i] = "added";
            else if (diff.RemovedEdges.Any(Same)) edges[i] = "removed";
        }
        var caption = diff.IsEmpty ? $"v{diff.Before} and v{diff.After} have the same graph."
            : $"v{diff.Before} → v{diff.After}: {diff.AddedNodes.Count} node{(diff.AddedNodes.Count == 1 ? "" : "s")} added, {diff.RemovedNodes.Count} removed, {diff.ChangedNodes.Count} changed; {diff.AddedEdges.Count} edge{(diff.AddedEdges.Count == 1 ? "" : "s")} added, {diff.RemovedEdges.Count} removed.";
        return new RunPaint(nodes, [], EventPlacement.None) { Overlay = true, EdgeChanges = edges, Caption = caption, OpensAtStart = true };
    }

    public const string Added = "Added";
    public const string Removed = "Removed";
    public const string Changed = "Changed";

    /// <summary>One path painted as if one run had taken it: its nodes in the status its runs ended with, its edges in order.</summary>
    public static RunPaint ForPath(PathGroup path, FlowDefinition flow)
    {
        var outcome = path.Failed >= Math.Max(path.Completed, path.Cancelled) && path.Failed > 0 ? "Failed"
            : path.Cancelled > path.Completed ? "Cancelled" : "Completed";
        var nodes = new Dictionary<string, NodePaint>();
        for (var i = 0; i < path.Steps.Count; i++)
        {
            var step = path.Steps[i];
            var status = i == path.Steps.Count - 1 ? outcome : "Completed";
            // The path's steps stand for its runs' steps: what they visited and the port they left by (no times, no data).
            var visit = new StepView(i + 1, step.NodeId, 1, status, step.Port, default, null, null, null, null, [], [], null);
            nodes[step.NodeId] = new NodePaint(step.NodeId, status, [.. nodes.TryGetValue(step.NodeId, out var seen) ? seen.Visits : [], visit]);
        }
        var taken = new Dictionary<int, List<int>>();
        for (var i = 0; i + 1 < path.Steps.Count; i++)
        {
            var index = Find(flow, path.Steps[i].NodeId, path.Steps[i].Port, path.Steps[i + 1].NodeId);
            if (index < 0) continue;
            if (!taken.TryGetValue(index, out var list)) taken[index] = list = [];
            list.Add(i + 1);
        }
        return new RunPaint(nodes, taken, EventPlacement.None)
        {
            Caption = $"One path, taken by {path.Count:N0} run{(path.Count == 1 ? "" : "s")} ({path.Share:P0}): {path.Completed:N0} completed, {path.Failed:N0} failed, {path.Cancelled:N0} cancelled.",
        };
    }

    public static RunPaint From(RunDetail run, FlowDefinition flow)
    {
        var placement = EventPlacement.Of(run, flow);
        var eventsBySequence = run.Events.Select(placement.StepOf).Where(s => s is not null).GroupBy(s => s!.Value).ToDictionary(g => g.Key, g => g.Count());
        var nodes = run.Steps.GroupBy(s => s.NodeId).ToDictionary(g => g.Key, g =>
        {
            var visits = g.OrderBy(s => s.Sequence).ToList();
            var child = visits[^1].Output?["childRunId"]?.GetValue<string>();
            return new NodePaint(g.Key, visits[^1].Status, visits)
            {
                Events = visits.Sum(v => eventsBySequence.GetValueOrDefault(v.Sequence)),
                ChildRunId = child,
                ChildStatus = child is null ? null : run.ChildRunStatuses.GetValueOrDefault(child),
            };
        });
        // The node the run failed on is painted Failed with the run's error, even when its own step completed.
        if (RunFailure.Of(run) is { } failure)
            nodes[failure.NodeId] = nodes.TryGetValue(failure.NodeId, out var broken)
                ? broken with { Status = "Failed", Error = failure.Error, MissingPort = failure.MissingPort }
                : new NodePaint(failure.NodeId, "Failed", []) { Error = failure.Error };
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
        return new RunPaint(nodes, taken, placement);
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
