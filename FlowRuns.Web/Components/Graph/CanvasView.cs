using FlowRuns.Web.Components.Runs;

namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// What every node widget of one canvas reads besides its own node: whether a run is painted, how expressions read
/// (graph-wide and per node), which node is selected, and where a widget sends what the user did. Cascaded to the
/// widgets (the library gives a widget only its model); the canvas refreshes the nodes a change concerns.
/// </summary>
public sealed class CanvasView
{
    /// <summary>No one run's values to show: expressions read as names (the graph as authored, counts, a path of many runs).</summary>
    public bool Authored { get; set; }

    public ExpressionMode Mode { get; set; } = ExpressionMode.Names;

    /// <summary>Nodes whose mode was cycled on the node itself, overriding <see cref="Mode"/>.</summary>
    public IReadOnlyDictionary<string, ExpressionMode> NodeModes { get; set; } = new Dictionary<string, ExpressionMode>();

    public string? SelectedNodeId { get; set; }

    public Func<string, Task> Select { get; set; } = _ => Task.CompletedTask;

    public Func<string, Task> CycleMode { get; set; } = _ => Task.CompletedTask;

    /// <summary>A node got the keyboard focus: bring it into view (the canvas clips, it never scrolls).</summary>
    public Action<string> Reveal { get; set; } = _ => { };

    /// <summary>Opens the node's side panel on its events.</summary>
    public Func<string, Task> ShowEvents { get; set; } = _ => Task.CompletedTask;

    /// <summary>Node widget renders on this canvas (only the nodes whose drawing changed re-render).</summary>
    public long NodeRenders { get; set; }

    public ExpressionMode ModeOf(string nodeId) => NodeModes.TryGetValue(nodeId, out var mode) ? mode : Mode;
}
