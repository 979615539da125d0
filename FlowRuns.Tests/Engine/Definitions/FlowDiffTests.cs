using FlowRuns.Engine.Definitions;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Definitions;

/// <summary>Two versions of a flow compared: nodes added, removed, changed (each setting old and new), edges added and removed.</summary>
public class FlowDiffTests
{
    private static FlowDefinition Version(string threshold, bool withSms, double x = 0) => FlowJson.Parse(Json.Flow("diff",
        withSms
            ? [
                new { id = "check", type = "condition", label = "Big spender?", expression = $"%{{spend}} > {threshold}", x },
                new { id = "sms", type = "send", label = "SMS", channel = "sms", body = "Hi" },
                new { id = "done", type = "end", label = "Done" },
            ]
            : [
                new { id = "check", type = "condition", label = "Big spender?", expression = $"%{{spend}} > {threshold}", x },
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Hi" },
                new { id = "done", type = "end", label = "Done" },
            ],
        withSms
            ? [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "sms" }, new { from = "check", when = "false", to = "done" }, new { from = "sms", to = "done" }]
            : [new { from = "start", to = "check" }, new { from = "check", when = "true", to = "card" }, new { from = "check", when = "false", to = "done" }, new { from = "card", to = "done" }]));

    [Fact]
    public void AChangedCondition_ANodeSwapped_AndTheEdgesThatMoved_AreEachNamed()
    {
        var diff = FlowDiff.Of(1, Version("100", withSms: false), 2, Version("250", withSms: true));

        Assert.Equal(["sms"], diff.AddedNodes.Select(n => n.Id));
        Assert.Equal(["card"], diff.RemovedNodes.Select(n => n.Id));
        var check = Assert.Single(diff.ChangedNodes);
        Assert.Equal("check", check.NodeId);
        var expression = Assert.Single(check.Settings);
        Assert.Equal(("expression", "%{spend} > 100", "%{spend} > 250"), (expression.Name, expression.Before, expression.After));
        Assert.Equal([("check", "true", "sms"), ("sms", "default", "done")], diff.AddedEdges.Select(e => (e.From, e.Port, e.To)));
        Assert.Equal([("check", "true", "card"), ("card", "default", "done")], diff.RemovedEdges.Select(e => (e.From, e.Port, e.To)));
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void AMovedNode_IsNoChange_AndTheSameGraphIsAnEmptyDiff()
    {
        var diff = FlowDiff.Of(1, Version("100", withSms: false, x: 10), 2, Version("100", withSms: false, x: 400));
        Assert.True(diff.IsEmpty);
    }
}
