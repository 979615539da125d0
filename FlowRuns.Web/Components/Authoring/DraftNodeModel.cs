using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Components.Authoring;

/// <summary>
/// One node of the draft on the editing canvas: a fixed size (nothing measured in the browser), and one port per exit its
/// type has, spaced along its bottom edge, each placed here rather than measured (so links draw at once).
/// </summary>
public sealed class DraftNodeModel : NodeModel
{
    public const double Height = 104, MinWidth = 240, PortSpacing = 76, PortSize = 14;

    public DraftNodeModel(NodeDefinition node, IReadOnlyList<string> ports)
        : base(node.Id, TopLeft(node, WidthFor(ports.Count)))
    {
        Node = node;
        PortNames = ports;
        Size = new Size(WidthFor(ports.Count), Height);
        ControlledSize = true;
        Title = node.Label;
        for (var i = 0; i < ports.Count; i++)
        {
            var (x, y) = PortOffset(i, ports.Count, Size.Width);
            AddPort(new DraftPortModel(this, ports[i], new Point(Position.X + x, Position.Y + y), new Size(PortSize, PortSize)));
        }
    }

    public NodeDefinition Node { get; set; }

    /// <summary>The exits the node had when the model was made (a different list makes a new model).</summary>
    public IReadOnlyList<string> PortNames { get; }

    /// <summary>What the node did in the test run painted on the draft (<c>Completed</c>, <c>Failed</c>…); null when none is.</summary>
    public string? Status { get; set; }

    /// <summary>The publish rules this node breaks (empty: none).</summary>
    public IReadOnlyList<string> Problems { get; set; } = [];

    public DraftPortModel? Port(string name) => Ports.OfType<DraftPortModel>().FirstOrDefault(p => p.Name == name);

    /// <summary>Where the node's centre is, as the flow format keeps it.</summary>
    public (double X, double Y) Centre => (Position.X + Size!.Width / 2, Position.Y + Size.Height / 2);

    public static double WidthFor(int ports) => Math.Max(MinWidth, (ports + 1) * PortSpacing);

    /// <summary>The top-left corner of port <paramref name="index"/>'s dot, from the node's top-left: spread along the bottom edge.</summary>
    public static (double X, double Y) PortOffset(int index, int count, double width) =>
        (width * (index + 1) / (count + 1) - PortSize / 2, Height - PortSize / 2);

    private static Point TopLeft(NodeDefinition node, double width) => new((node.X ?? 0) - width / 2, (node.Y ?? 0) - Height / 2);
}
