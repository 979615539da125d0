using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;

namespace FlowRuns.Web.Components.Authoring;

/// <summary>One exit of a draft node (<c>true</c>, a switch case, <c>timeout</c>, <c>default</c>…): a link is drawn from it to another node.</summary>
public sealed class DraftPortModel : PortModel
{
    public DraftPortModel(DraftNodeModel parent, string name, Point position, Size size)
        : base($"{parent.Id}::{name}", parent, PortAlignment.Bottom, position, size)
    {
        Name = name;
        Initialized = true; // placed by the node, never measured
    }

    public string Name { get; }

    /// <summary>An exit leads to another node (dropped on the node or any of its ports), never back to its own.</summary>
    public override bool CanAttachTo(ILinkable other) => other switch
    {
        NodeModel node => node != Parent,
        PortModel port => port.Parent != Parent,
        _ => false,
    };
}
