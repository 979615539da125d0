using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;

namespace FlowRuns.Web.Components.Authoring;

/// <summary>One edge of the draft: from its exit's port to the border of the node it leads to, with an arrow.</summary>
public sealed class DraftLinkModel : LinkModel
{
    public DraftLinkModel(int edgeIndex, DraftPortModel from, DraftNodeModel to)
        : base($"edge-{edgeIndex}", new SinglePortAnchor(from) { UseShapeAndAlignment = false, MiddleIfNoMarker = true }, new ShapeIntersectionAnchor(to))
    {
        EdgeIndex = edgeIndex;
        TargetMarker = LinkMarker.Arrow;
        Segmentable = false;
    }

    /// <summary>The edge's index in the draft's edge list.</summary>
    public int EdgeIndex { get; }
}
