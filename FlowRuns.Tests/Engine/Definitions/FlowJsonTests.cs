using FlowRuns.Engine.Definitions;
using FlowRuns.Web.Demo;

namespace FlowRuns.Tests.Engine.Definitions;

public class FlowJsonTests
{
    [Fact]
    public void Parse_EveryDemoFlow_Succeeds()
    {
        var flows = DemoFlows.Load();
        Assert.Equal(["eligibility-check", "loan-approval", "savings-nudge", "service-disruption"], flows.Select(f => f.Key).Order());
        var loan = flows.Single(f => f.Key == "loan-approval");
        Assert.Equal("event", loan.Trigger.Type);
        Assert.Equal("loan.submitted", loan.Trigger.Event);
        Assert.Equal(10, loan.Nodes.Count);
        Assert.Equal("%{customerSegment}", loan.Nodes.Single(n => n.Id == "segment").GetString("on"));
    }

    [Fact]
    public void Parse_NotJson_ReportsIt()
    {
        var ex = Assert.Throws<FlowDefinitionException>(() => FlowJson.Parse("{ not json"));
        Assert.Contains("not valid JSON", Assert.Single(ex.Problems).Message);
    }

    [Fact]
    public void Parse_ReportsEveryShapeProblemAtOnce()
    {
        var ex = Assert.Throws<FlowDefinitionException>(() => FlowJson.Parse("""
            { "key": "Bad Key!", "trigger": { "type": "event" }, "nodes": [ { "type": "end" }, { "id": "x" } ], "edges": [ { "from": "x" } ] }
            """));
        var fields = ex.Problems.Select(p => p.Field ?? p.NodeId).ToList();
        Assert.Contains("key", fields);
        Assert.Contains("name", fields);
        Assert.Contains("trigger.event", fields);
        Assert.Contains("nodes[0].id", fields);
        Assert.Contains("type", fields);
        Assert.Contains("edges[0]", fields);
        Assert.Equal("x", ex.Problems.Single(p => p.Field == "type").NodeId);
    }

    [Fact]
    public void Serialize_RoundTrips()
    {
        var flow = DemoFlows.Load().Single(f => f.Key == "service-disruption");
        var again = FlowJson.Parse(FlowJson.Serialize(flow));
        Assert.Equal(FlowJson.GraphFingerprint(flow), FlowJson.GraphFingerprint(again));
        Assert.Equal(flow.Nodes.Count, again.Nodes.Count);
    }

    [Fact]
    public void Fingerprint_IgnoresNamesAndPropertyOrder_ButNotTheGraph()
    {
        var a = FlowJson.Parse("""{"key":"k","name":"A","trigger":{"type":"api"},"nodes":[{"id":"start","type":"trigger","label":"S"},{"id":"e","label":"E","type":"end"}],"edges":[{"from":"start","to":"e"}]}""");
        var renamed = FlowJson.Parse("""{"name":"B","versionName":"v","key":"k","trigger":{"type":"api"},"nodes":[{"type":"trigger","id":"start","label":"S"},{"type":"end","id":"e","label":"E"}],"edges":[{"to":"e","from":"start"}]}""");
        var relabelled = FlowJson.Parse("""{"key":"k","name":"A","trigger":{"type":"api"},"nodes":[{"id":"start","type":"trigger","label":"S"},{"id":"e","label":"Done","type":"end"}],"edges":[{"from":"start","to":"e"}]}""");
        Assert.Equal(FlowJson.GraphFingerprint(a), FlowJson.GraphFingerprint(renamed));
        Assert.NotEqual(FlowJson.GraphFingerprint(a), FlowJson.GraphFingerprint(relabelled));
    }
}
