namespace FlowRuns.Web.Components.Authoring;

/// <summary>What every node widget of the editing canvas reads besides its node, and where it sends what the user did.</summary>
public sealed class DraftCanvasView
{
    public bool ReadOnly { get; set; }

    /// <summary>A node was chosen by keyboard (Enter or Space on it).</summary>
    public Action<string> Select { get; set; } = _ => { };

    /// <summary>A node got the keyboard focus: bring it into view (the canvas clips, it never scrolls).</summary>
    public Action<string> Reveal { get; set; } = _ => { };
}
