using System.Text.Json.Nodes;

namespace FlowRuns.Engine.Definitions;

/// <summary>
/// What changed between two versions of a flow: nodes added, removed and changed (each changed setting with its old and
/// new value — a condition's expression, a card's body, a label), edges added and removed (an edge is its source, port
/// and target: a branch that now leads elsewhere is one removed and one added). Positions are not changes.
/// </summary>
public sealed record FlowDiff(
    int Before,
    int After,
    IReadOnlyList<NodeDefinition> AddedNodes,
    IReadOnlyList<NodeDefinition> RemovedNodes,
    IReadOnlyList<NodeChange> ChangedNodes,
    IReadOnlyList<EdgeDefinition> AddedEdges,
    IReadOnlyList<EdgeDefinition> RemovedEdges)
{
    public bool IsEmpty => AddedNodes.Count + RemovedNodes.Count + ChangedNodes.Count + AddedEdges.Count + RemovedEdges.Count == 0;

    public static FlowDiff Of(int beforeVersion, FlowDefinition before, int afterVersion, FlowDefinition after)
    {
        var old = before.Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        var now = after.Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        var changed = new List<NodeChange>();
        foreach (var node in after.Nodes)
            if (old.TryGetValue(node.Id, out var was) && Settings(was, node) is { Count: > 0 } settings)
                changed.Add(new NodeChange(node.Id, node.Label, settings));
        var oldEdges = before.Edges.Select(Key).ToHashSet();
        var newEdges = after.Edges.Select(Key).ToHashSet();
        return new FlowDiff(beforeVersion, afterVersion,
            after.Nodes.Where(n => !old.ContainsKey(n.Id)).ToList(),
            before.Nodes.Where(n => !now.ContainsKey(n.Id)).ToList(),
            changed,
            after.Edges.Where(e => !oldEdges.Contains(Key(e))).ToList(),
            before.Edges.Where(e => !newEdges.Contains(Key(e))).ToList());
    }

    private static (string, string, string) Key(EdgeDefinition edge) => (edge.From, edge.Port, edge.To);

    /// <summary>The settings that differ (type, label, each config field), as JSON text; positions left out.</summary>
    private static List<SettingChange> Settings(NodeDefinition was, NodeDefinition now)
    {
        var changes = new List<SettingChange>();
        if (was.Type != now.Type) changes.Add(new SettingChange("type", was.Type, now.Type));
        if (was.Label != now.Label) changes.Add(new SettingChange("label", was.Label, now.Label));
        foreach (var name in was.Config.Select(p => p.Key).Union(now.Config.Select(p => p.Key)).Where(n => n is not ("x" or "y")).Order(StringComparer.Ordinal))
        {
            var (a, b) = (Text(was.Get(name)), Text(now.Get(name)));
            if (a != b) changes.Add(new SettingChange(name, a, b));
        }
        return changes;
    }

    /// <summary>A setting as it reads: a string as itself, anything else as compact JSON; null when absent.</summary>
    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}

/// <summary>A node in both versions whose settings differ.</summary>
public sealed record NodeChange(string NodeId, string Label, IReadOnlyList<SettingChange> Settings);

/// <summary>One setting of a changed node: its name (<c>expression</c>, <c>label</c>, <c>body</c>…), old and new value (null: absent).</summary>
public sealed record SettingChange(string Name, string? Before, string? After);
