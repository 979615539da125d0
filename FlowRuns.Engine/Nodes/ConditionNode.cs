using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Evaluates <c>expression</c> and leaves by <c>true</c> or <c>false</c>. A missing variable is a warning, and compares as null.</summary>
public sealed class ConditionNode : NodeType<ConditionNode.Settings>
{
    public sealed record Settings(CompiledExpression? Expression);

    public const string TruePort = "true";
    public const string FalsePort = "false";

    public override string Name => "condition";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [TruePort, FalsePort];

    protected override Settings CompileConfig(NodeProblems problems) =>
        new(problems.Expression("expression", problems.RequireString("expression")));

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        try
        {
            var value = context.Evaluate(config.Expression!);
            context.WarnAboutMissing();
            var result = Values.IsTrue(value);
            return ValueTask.FromResult(NodeResult.Next(result ? TruePort : FalsePort, new Dictionary<string, object?> { ["result"] = result }));
        }
        catch (ExpressionEvaluationException ex)
        {
            context.WarnAboutMissing();
            return ValueTask.FromResult(ExpressionFailure.From(ex, "expression"));
        }
    }
}
