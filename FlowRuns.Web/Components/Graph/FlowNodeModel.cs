using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using FlowRuns.Web.Components.Runs;

namespace FlowRuns.Web.Components.Graph;

/// <summary>
/// One flow node on the Blazor.Diagrams canvas: where the layout placed it (a fixed size, so nothing is measured in the
/// browser), its condition or switch expression, and what the painted run did there.
/// </summary>
public sealed class FlowNodeModel : NodeModel
{
    public FlowNodeModel(LaidOutNode node, string? expression, NodePaint paint) : base(node.Id, new Point(node.X, node.Y))
    {
        Node = node;
        Expression = expression;
        Paint = paint;
        Title = node.Label;
        Size = new Size(node.Width, node.Height);
        ControlledSize = true;
        Locked = true;
    }

    public LaidOutNode Node { get; }

    /// <summary>The condition's expression or the switch's <c>on</c>; null for other nodes.</summary>
    public string? Expression { get; }

    public NodePaint Paint { get; set; }
}
