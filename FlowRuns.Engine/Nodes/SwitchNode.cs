using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Evaluates <c>on</c> and leaves by the first case equal to it, else by <c>default</c>.</summary>
public sealed class SwitchNode : NodeType<SwitchNode.Settings>
{
    public sealed record Settings(CompiledExpression? On, IReadOnlyList<object?> Cases);

    public override string Name => "switch";

    public override IReadOnlyList<string> Ports(NodeDefinition node) =>
        [.. CaseValues(node).Select(Values.ToText), EdgeDefinition.DefaultPort];

    public override bool IsOptionalPort(string port) => port == EdgeDefinition.DefaultPort;

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var on = problems.Expression("on", problems.RequireString("on"));
        if (problems.Node.Get("cases") is not JsonArray)
            problems.Add("cases", "'cases' is required: a list of the values to branch on.");
        var cases = CaseValues(problems.Node);
        var duplicates = cases.GroupBy(Values.ToText).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) problems.Add("cases", $"Each case may appear once; repeated: {string.Join(", ", duplicates)}.");
        if (cases.Any(c => Values.ToText(c) == EdgeDefinition.DefaultPort)) problems.Add("cases", "'default' is the port for no match; it cannot be a case.");
        return new Settings(on, cases);
    }

    private static List<object?> CaseValues(NodeDefinition node) =>
        node.Get("cases") is JsonArray array ? array.Select(Values.FromJson).ToList() : [];

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        try
        {
            var value = context.Evaluate(config.On!);
            context.WarnAboutMissing();
            var match = config.Cases.FirstOrDefault(c => Values.AreEqual(value, c));
            var port = match is null ? EdgeDefinition.DefaultPort : Values.ToText(match);
            return ValueTask.FromResult(NodeResult.Next(port, new Dictionary<string, object?> { ["value"] = value }));
        }
        catch (ExpressionEvaluationException ex)
        {
            context.WarnAboutMissing();
            return ValueTask.FromResult(ExpressionFailure.From(ex, "on"));
        }
    }
}
