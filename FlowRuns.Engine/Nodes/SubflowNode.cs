using System.Text.Json.Nodes;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Starts a child run of another flow and waits for it; its output is the child's variables (port <c>failed</c> if it failed).</summary>
public sealed class SubflowNode : NodeType<SubflowNode.Settings>
{
    public sealed record Settings(string FlowKey, IReadOnlyList<(string Name, CompiledExpression Expression)> Data);

    public const string FailedPort = "failed";

    public override string Name => "subflow";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [Definitions.EdgeDefinition.DefaultPort, FailedPort];

    public override bool IsOptionalPort(string port) => port == FailedPort;

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var flow = problems.RequireString("flow") ?? "";
        var data = new List<(string, CompiledExpression)>();
        if (problems.Node.Get("data") is { } dataNode)
        {
            if (dataNode is not JsonObject obj) problems.Add("data", "'data' must be an object of name → expression.");
            else
                foreach (var (name, value) in obj)
                {
                    var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
                    if (problems.Expression($"data.{name}", text) is { } expression) data.Add((name, expression));
                }
        }
        return new Settings(flow, data);
    }

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object?>();
        foreach (var (name, expression) in config.Data)
        {
            try { data[name] = context.Evaluate(expression); }
            catch (ExpressionEvaluationException ex) { context.WarnAboutMissing(); return ValueTask.FromResult(ExpressionFailure.From(ex, $"data.{name}")); }
        }
        context.WarnAboutMissing();
        return ValueTask.FromResult(NodeResult.StartSubflow(config.FlowKey, data));
    }
}
