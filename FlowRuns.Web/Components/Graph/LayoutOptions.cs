namespace FlowRuns.Web.Components.Graph;

/// <summary>How much the graph layout may cost (<c>FlowRuns:Layout</c>).</summary>
public sealed class LayoutOptions
{
    /// <summary>Time the layered (Sugiyama) layout of one version may take; past it the quick layout is used.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Nodes above which the quick layout is used at once.</summary>
    public int MaxLayeredNodes { get; set; } = 300;

    /// <summary>Edges above which the quick layout is used at once (dense graphs are what make the layered layout slow).</summary>
    public int MaxLayeredEdges { get; set; } = 450;
}
