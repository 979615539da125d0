using System.Text.Json.Nodes;
using MudBlazor;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// The node types an author can add, in the order the palette shows them, each with what it does in a few words and the
/// settings a new node of that type starts with (editable at once; a field left empty shows as a problem on the node).
/// </summary>
public static class NodePalette
{
    /// <summary>A node type in the palette; <c>Icon</c> is a Material icon (the SVG MudBlazor draws).</summary>
    public sealed record Entry(string Type, string Title, string Description, string Icon, Func<JsonObject> Settings);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new("trigger", "Trigger", "Where a run starts (one per flow)", Icons.Material.Filled.PlayArrow, () => []),
        new("condition", "Condition", "Goes true or false on an expression", Icons.Material.Filled.CallSplit, () => new JsonObject { ["expression"] = "%{customerSegment} == \"premium\"" }),
        new("switch", "Switch", "One exit per value, and default", Icons.Material.Filled.AltRoute, () => new JsonObject { ["on"] = "%{customerSegment}", ["cases"] = new JsonArray("premium", "standard") }),
        new("send", "Send", "A card, SMS, email or push", Icons.Material.Filled.Send, () => new JsonObject { ["channel"] = "card", ["title"] = "Hello %{firstName}", ["body"] = "Write the message here.", ["actions"] = new JsonArray("complete", "dismiss") }),
        new("wait", "Wait", "Until the contact does something, or a timeout", Icons.Material.Filled.HourglassTop, () => new JsonObject { ["event"] = "card.completed", ["timeout"] = "P1D" }),
        new("delay", "Delay", "Waits a while, or until a time", Icons.Material.Filled.Timer, () => new JsonObject { ["duration"] = "PT1H" }),
        new("http", "HTTP call", "Calls an outside service", Icons.Material.Filled.SyncAlt, () => new JsonObject { ["method"] = "GET", ["url"] = "https://crm.example.com/contacts/%{contact.id}" }),
        new("set", "Set variables", "Assigns variables from expressions", Icons.Material.Filled.Calculate, () => new JsonObject { ["assign"] = new JsonObject { ["offerShown"] = "true" } }),
        new("subflow", "Subflow", "Runs another flow and waits for it", Icons.Material.Filled.SubdirectoryArrowRight, () => new JsonObject { ["flow"] = "" }),
        new("end", "End", "The run completes", Icons.Material.Filled.StopCircle, () => []),
        new("stopError", "Stop with error", "The run fails with a message", Icons.Material.Filled.Error, () => new JsonObject { ["message"] = "Stopped: %{reason}" }),
    ];

    public static Entry Of(string type) => Entries.FirstOrDefault(e => e.Type == type) ?? new Entry(type, type, "", Icons.Material.Filled.Circle, () => []);
}
