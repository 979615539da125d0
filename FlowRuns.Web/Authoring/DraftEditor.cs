using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// One author's editing of a flow draft: the draft as it stands, and every edit made to it — add, connect, move,
/// delete, change settings — each one step that <see cref="Undo"/> takes back and <see cref="Redo"/> makes again. The
/// draft is an immutable <see cref="FlowDefinition"/>: an edit makes the next one, so undo is keeping the last ones
/// (at most <see cref="MaxUndo"/>). Knows nothing of the canvas: the canvas draws <see cref="Draft"/> after each
/// <see cref="Changed"/>. Node positions are the flow format's x/y: the node's centre.
/// </summary>
public sealed class DraftEditor(FlowDefinition draft, Func<NodeDefinition, IReadOnlyList<string>> ports)
{
    /// <summary>How many edits undo can take back.</summary>
    public const int MaxUndo = 200;

    /// <summary>The most nodes a draft takes (the editor stays responsive; the layered layout's own limit is lower).</summary>
    public const int MaxNodes = 500;

    private readonly LinkedList<FlowDefinition> _undo = new();
    private readonly Stack<FlowDefinition> _redo = new();

    public FlowDefinition Draft { get; private set; } = draft;

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    /// <summary>Raised after every edit, undo and redo, with the draft as it now is.</summary>
    public event Action? Changed;

    /// <summary>The out-ports <paramref name="node"/> has (its type's rule, from the engine).</summary>
    public IReadOnlyList<string> PortsOf(NodeDefinition node) => ports(node);

    public NodeDefinition? Node(string id) => Draft.Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>Adds a node of <paramref name="type"/> centred at (x, y) with the palette's starting settings; returns its id.</summary>
    public string AddNode(string type, double x, double y)
    {
        if (Draft.Nodes.Count >= MaxNodes) throw new InvalidOperationException($"A draft has at most {MaxNodes} nodes.");
        var entry = NodePalette.Of(type);
        var id = FreeId(type);
        Apply(Draft with { Nodes = [.. Draft.Nodes, new NodeDefinition(id, type, entry.Title, Math.Round(x), Math.Round(y), entry.Settings())] });
        return id;
    }

    /// <summary>Moves nodes to new centres, as one step.</summary>
    public void MoveNodes(IReadOnlyDictionary<string, (double X, double Y)> centres)
    {
        var moved = Draft.Nodes.Select(n => centres.TryGetValue(n.Id, out var at) && (n.X != Math.Round(at.X) || n.Y != Math.Round(at.Y))
            ? n with { X = Math.Round(at.X), Y = Math.Round(at.Y) } : n).ToList();
        if (moved.SequenceEqual(Draft.Nodes)) return;
        Apply(Draft with { Nodes = moved });
    }

    /// <summary>
    /// Leads <paramref name="port"/> of <paramref name="from"/> to <paramref name="to"/> (null: to nowhere). One port leads
    /// to one node: an edge the port had is replaced.
    /// </summary>
    public void Connect(string from, string port, string? to)
    {
        if (Node(from) is not { } source || !PortsOf(source).Contains(port) || (to is not null && Node(to) is null)) return;
        var edges = Draft.Edges.Where(e => !(e.From == from && e.Port == port)).ToList();
        if (to is not null) edges.Add(new EdgeDefinition(from, to, port == EdgeDefinition.DefaultPort ? null : port));
        if (edges.SequenceEqual(Draft.Edges)) return;
        Apply(Draft with { Edges = edges });
    }

    public void RemoveEdge(int index)
    {
        if (index < 0 || index >= Draft.Edges.Count) return;
        Apply(Draft with { Edges = [.. Draft.Edges.Where((_, i) => i != index)] });
    }

    /// <summary>Deletes nodes and every edge to or from them, as one step.</summary>
    public void DeleteNodes(IReadOnlyCollection<string> ids)
    {
        if (!Draft.Nodes.Any(n => ids.Contains(n.Id))) return;
        Apply(Draft with
        {
            Nodes = [.. Draft.Nodes.Where(n => !ids.Contains(n.Id))],
            Edges = [.. Draft.Edges.Where(e => !ids.Contains(e.From) && !ids.Contains(e.To))],
        });
    }

    /// <summary>
    /// Changes a node's label and settings. Edges from ports the node no longer has (a switch case removed) go with them;
    /// a renamed case keeps its edge when the case list changed at one position only. Consecutive changes with the same
    /// <paramref name="step"/> (one field typed into) are one step for undo.
    /// </summary>
    public void UpdateNode(string id, string label, JsonObject settings, string? step = null)
    {
        if (Node(id) is not { } node) return;
        var updated = node with { Label = label, Config = settings };
        if (JsonNode.DeepEquals(node.Config, settings) && node.Label == label) return;
        var (before, after) = (PortsOf(node), PortsOf(updated));
        var renamed = before.Count == after.Count ? before.Zip(after).Where(p => p.First != p.Second).ToList() : [];
        // The edges stay the same list when no port changed (a label, an expression typed): the canvas redraws no link.
        var edges = before.SequenceEqual(after) ? Draft.Edges : Draft.Edges.Select(e =>
        {
            if (e.From != id || after.Contains(e.Port)) return e;
            if (renamed.Count == 1 && renamed[0].First == e.Port) return e with { When = renamed[0].Second };
            return null;
        }).OfType<EdgeDefinition>().ToList();
        Apply(Draft with { Nodes = [.. Draft.Nodes.Select(n => n.Id == id ? updated : n)], Edges = edges }, step);
    }

    /// <summary>Changes the flow's name and trigger.</summary>
    public void UpdateFlow(string name, TriggerDefinition trigger, string? field = null)
    {
        if (Draft.Name == name && Draft.Trigger == trigger) return;
        Apply(Draft with { Name = name, Trigger = trigger }, field is null ? null : "flow:" + field);
    }

    /// <summary>Replaces the whole draft (an import, an auto-layout) as one step undo takes back.</summary>
    public void Replace(FlowDefinition draft)
    {
        if (draft == Draft) return;
        Apply(draft);
    }

    /// <summary>Starts over from <paramref name="draft"/> with no history (the draft reloaded from the server): not an edit, so <see cref="Changed"/> is not raised.</summary>
    public void Reset(FlowDefinition draft)
    {
        _undo.Clear();
        _redo.Clear();
        _lastStep = null;
        Draft = draft;
    }

    public void Undo()
    {
        if (_undo.Last is not { } last) return;
        _undo.RemoveLast();
        _lastStep = null;
        _redo.Push(Draft);
        Draft = last.Value;
        Changed?.Invoke();
    }

    public void Redo()
    {
        if (!_redo.TryPop(out var next)) return;
        _undo.AddLast(Draft);
        _lastStep = null;
        Draft = next;
        Changed?.Invoke();
    }

    /// <summary>The step the last edit was part of (typing into one field); null after any other edit.</summary>
    private string? _lastStep;

    private void Apply(FlowDefinition next, string? step = null)
    {
        if (step is null || step != _lastStep || _undo.Count == 0)
        {
            _undo.AddLast(Draft);
            if (_undo.Count > MaxUndo) _undo.RemoveFirst();
        }
        _lastStep = step;
        _redo.Clear();
        Draft = next;
        Changed?.Invoke();
    }

    private string FreeId(string type)
    {
        var taken = Draft.Nodes.Select(n => n.Id).ToHashSet();
        var stem = type.ToLowerInvariant() switch { "stoperror" => "stop", var t => t };
        for (var i = 1; ; i++)
            if (!taken.Contains($"{stem}-{i}")) return $"{stem}-{i}";
    }
}
