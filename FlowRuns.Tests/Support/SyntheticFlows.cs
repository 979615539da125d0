using FlowRuns.Engine.Definitions;

namespace FlowRuns.Tests.Support;

/// <summary>
/// Made-up flow graphs of a given size and density, for layout tests and the <c>layout</c> benchmark (linked into
/// FlowRuns.Bench): a trigger, then nodes each reached from an earlier one, plus extra edges between random earlier and
/// later nodes until the edge count is reached. Seeded: the same arguments give the same graph.
/// </summary>
public static class SyntheticFlows
{
    public static FlowDefinition Graph(int nodes, int edges, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<NodeDefinition> { new("start", "trigger", "Start", null, null, new()) };
        for (var i = 1; i < nodes; i++) list.Add(new NodeDefinition($"n{i}", "set", $"Step {i}", null, null, new()));
        var edgeList = new List<EdgeDefinition>();
        var seen = new HashSet<(int, int)>();
        for (var i = 1; i < nodes; i++)
        {
            var from = random.Next(0, i);
            seen.Add((from, i));
            edgeList.Add(new EdgeDefinition(list[from].Id, list[i].Id, null));
        }
        var tries = 0;
        while (edgeList.Count < edges && tries++ < edges * 20)
        {
            var a = random.Next(0, nodes - 1);
            var b = random.Next(a + 1, nodes);
            if (seen.Add((a, b))) edgeList.Add(new EdgeDefinition(list[a].Id, list[b].Id, null));
        }
        return new FlowDefinition($"synthetic-{nodes}-{edges}", $"Synthetic {nodes} × {edges}", null, new TriggerDefinition("api", null, null, null), list, edgeList);
    }
}
