using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Engine.Definitions;
using FlowRuns.Web.Authoring;

namespace FlowRuns.Tests.Web.Authoring;

/// <summary>
/// Editing a draft without a canvas: each node type's exits (the engine's own port rules), add, connect (one edge per
/// exit), move, delete, change settings, undo and redo — each edit one step, typing into one field one step.
/// </summary>
public class DraftEditorTests
{
    private static readonly global::FlowRuns.Engine.Nodes.NodeTypeRegistry Types = Compilers.Registry();

    private static IReadOnlyList<string> Ports(NodeDefinition node) => Types.TryGet(node.Type, out var type) ? type.Ports(node) : [];

    private static DraftEditor Empty() => new(new FlowDefinition("new-flow", "New flow", null, new TriggerDefinition("manual"), [], []), Ports);

    [Theory]
    [InlineData("trigger", "default")]
    [InlineData("condition", "true,false")]
    [InlineData("switch", "premium,standard,default")]
    [InlineData("send", "default")]
    [InlineData("wait", "event,timeout")]
    [InlineData("delay", "default")]
    [InlineData("http", "default,error")]
    [InlineData("set", "default")]
    [InlineData("subflow", "default,failed")]
    [InlineData("end", "")]
    [InlineData("stopError", "")]
    public void ANewNode_HasItsTypesExits_AndStartingSettingsThatCompile(string type, string exits)
    {
        var editor = Empty();
        var id = editor.AddNode(type, 100, 200);
        var node = editor.Node(id)!;
        Assert.Equal((100.0, 200.0), (node.X!.Value, node.Y!.Value));
        Assert.Equal(exits, string.Join(",", editor.PortsOf(node)));
        // Compiled alone (with a trigger in front when it is not one): the palette's settings are valid, bar a subflow's flow to choose.
        var flow = editor.Draft;
        if (type != "trigger")
        {
            var start = editor.AddNode("trigger", 100, 0);
            editor.Connect(start, "default", id);
            flow = editor.Draft;
        }
        var problems = Problems(flow).Where(p => p.NodeId == id && p.Field is not null).ToList();
        if (type == "subflow") Assert.Equal("flow", Assert.Single(problems).Field);
        else Assert.Empty(problems);
    }

    [Fact]
    public void Connecting_LeadsOneExitToOneNode_AndUndoRedoWalkEveryStep()
    {
        var editor = Empty();
        var start = editor.AddNode("trigger", 0, 0);
        var check = editor.AddNode("condition", 0, 200);
        var yes = editor.AddNode("end", -150, 400);
        var no = editor.AddNode("stopError", 150, 400);
        editor.Connect(start, "default", check);
        editor.Connect(check, "true", yes);
        editor.Connect(check, "true", no); // the same exit again: it now leads to the other node
        Assert.Equal([new EdgeDefinition(start, check, null), new EdgeDefinition(check, no, "true")], editor.Draft.Edges);
        editor.Connect(check, "false", yes);
        editor.Connect(check, "maybe", yes); // a condition has no such exit: nothing happens
        editor.Connect(yes, "default", start); // an end has no exits
        Assert.Equal(3, editor.Draft.Edges.Count);
        Assert.Empty(Problems(editor.Draft));

        editor.MoveNodes(new Dictionary<string, (double, double)> { [check] = (40.4, 260.6), [yes] = (-150, 400) });
        Assert.Equal((40.0, 261.0), (editor.Node(check)!.X!.Value, editor.Node(check)!.Y!.Value));
        editor.DeleteNodes([check]);
        Assert.Null(editor.Node(check));
        Assert.Empty(editor.Draft.Edges); // every edge to or from it went with it

        editor.Undo();
        Assert.Equal(3, editor.Draft.Edges.Count);
        editor.Undo();
        Assert.Equal((0.0, 200.0), (editor.Node(check)!.X!.Value, editor.Node(check)!.Y!.Value));
        editor.Redo();
        editor.Redo();
        Assert.Null(editor.Node(check));
        Assert.False(editor.CanRedo);
        for (var i = 0; i < 20 && editor.CanUndo; i++) editor.Undo();
        Assert.Empty(editor.Draft.Nodes); // back to where it started
    }

    [Fact]
    public void TypingIntoOneField_IsOneStep_AndASwitchCaseRenamedKeepsItsEdge()
    {
        var editor = Empty();
        var segment = editor.AddNode("switch", 0, 0);
        var premium = editor.AddNode("end", 0, 200);
        var other = editor.AddNode("end", 200, 200);
        editor.Connect(segment, "premium", premium);
        editor.Connect(segment, "standard", other);
        var field = NodeFields.Of("switch").Single(f => f.Name == "cases");
        foreach (var typed in new[] { "gold\nstandard", "gold\nstandar", "gold\nstandard" })
            editor.UpdateNode(segment, "Segment", NodeFields.Write(editor.Node(segment)!.Config, field, typed), step: $"{segment}:cases");
        // premium → gold (one case changed): its edge follows; standard kept its own.
        Assert.Contains(new EdgeDefinition(segment, premium, "gold"), editor.Draft.Edges);
        Assert.Contains(new EdgeDefinition(segment, other, "standard"), editor.Draft.Edges);
        Assert.Equal("gold,standard,default", string.Join(",", editor.PortsOf(editor.Node(segment)!)));

        // A case removed takes its edge with it.
        editor.UpdateNode(segment, "Segment", NodeFields.Write(editor.Node(segment)!.Config, field, "gold"), step: "other");
        Assert.DoesNotContain(editor.Draft.Edges, e => e.When == "standard");

        editor.Undo(); // the removal
        editor.Undo(); // all the typing, at once
        Assert.Equal("premium,standard,default", string.Join(",", editor.PortsOf(editor.Node(segment)!)));
        Assert.Contains(new EdgeDefinition(segment, premium, "premium"), editor.Draft.Edges);
    }

    [Fact]
    public void EachKeystroke_IsAnEdit_ButOneFieldTypedIntoUndoesAsOne_AndLeavesTheEdgesAsTheyWere()
    {
        var editor = Empty();
        var check = editor.AddNode("condition", 0, 0);
        var end = editor.AddNode("end", 0, 200);
        editor.Connect(check, "true", end);
        var edges = editor.Draft.Edges;
        var field = NodeFields.Of("condition").Single(f => f.Name == "expression");
        // Typed a keystroke at a time, as the settings panel sends it: the edges are the same list (the canvas redraws no link).
        foreach (var typed in new[] { "%", "%{", "%{x", "%{x}", "%{x} > 1" })
            editor.UpdateNode(check, "Check", NodeFields.Write(editor.Node(check)!.Config, field, typed), step: $"{check}:expression");
        Assert.Same(edges, editor.Draft.Edges);
        foreach (var typed in new[] { "L", "Lo", "Loans" }) editor.UpdateFlow(typed, editor.Draft.Trigger, "name");

        editor.Undo(); // the name, every keystroke of it
        Assert.Equal("New flow", editor.Draft.Name);
        Assert.Equal("%{x} > 1", editor.Node(check)!.GetString("expression"));
        editor.Undo(); // the expression, every keystroke of it
        Assert.NotEqual("%{x} > 1", editor.Node(check)!.GetString("expression"));
        Assert.Equal("Condition", editor.Node(check)!.Label);
        Assert.Contains(new EdgeDefinition(check, end, "true"), editor.Draft.Edges);

        // A choice (how runs start) is no field typed into: each one its own step.
        editor.UpdateFlow(editor.Draft.Name, editor.Draft.Trigger with { Type = "api" });
        editor.UpdateFlow(editor.Draft.Name, editor.Draft.Trigger with { Type = "event" });
        editor.Undo();
        Assert.Equal("api", editor.Draft.Trigger.Type);
    }

    [Fact]
    public void SettingsFields_ReadAndWriteTheFlowFormat()
    {
        var http = NodeFields.Of("http");
        var capture = http.Single(f => f.Name == "capture");
        var settings = NodeFields.Write([], capture, "score = $.score\n  tier=$.tier  \n\n");
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["score"] = "$.score", ["tier"] = "$.tier" }, settings["capture"]));
        Assert.Equal("score = $.score\ntier = $.tier", NodeFields.Read(settings, capture));
        var timeout = http.Single(f => f.Name == "timeout");
        Assert.False(NodeFields.Write(NodeFields.Write(settings, timeout, "PT5S"), timeout, " ").ContainsKey("timeout")); // emptied: removed

        var cases = NodeFields.Of("switch").Single(f => f.Name == "cases");
        var written = NodeFields.Write([], cases, "1\n2.5\npremium\n1e5\nNaN");
        Assert.Equal("[1,2.5,\"premium\",\"1e5\",\"NaN\"]", written["cases"]!.ToJsonString());
        Assert.Equal("1\n2.5\npremium\n1e5\nNaN", NodeFields.Read(written, cases));
        var business = NodeFields.Of("delay").Single(f => f.Name == "businessHours");
        Assert.Equal("true", NodeFields.Read(NodeFields.Write([], business, "true"), business));
    }

    private static IReadOnlyList<DefinitionProblem> Problems(FlowDefinition flow)
    {
        try
        {
            Compilers.Create().Compile(FlowJson.Parse(FlowJson.ToJson(flow)));
            return [];
        }
        catch (FlowDefinitionException ex)
        {
            return ex.Problems;
        }
    }
}
