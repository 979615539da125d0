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
