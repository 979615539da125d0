using System.Text.Json.Nodes;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Assigns run variables from expressions (<c>"true"</c> assigns the boolean true). The output is what it assigned.</summary>
public sealed class SetNode : NodeType<SetNode.Settings>
{
    public sealed record Settings(IReadOnlyList<(string Variable, CompiledExpression Expression)> Assignments);

    public override string Name => "set";

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var assignments = new List<(string, CompiledExpression)>();
        if (problems.Node.Get("assign") is not JsonObject assign || assign.Count == 0)
        {
            problems.Add("assign", "'assign' is required: an object of variable name → expression.");
            return new Settings(assignments);
        }
        foreach (var (variable, value) in assign)
        {
            if (variable.Contains('.') || variable is "contact" or "event" or "steps" or "secrets")
            {
                problems.Add($"assign.{variable}", $"'{variable}' cannot be assigned: use a plain variable name.");
                continue;
            }
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
            if (text is null) { problems.Add($"assign.{variable}", $"'{variable}' has no expression."); continue; }
            var expression = problems.Expression($"assign.{variable}", text);
            if (expression is not null) assignments.Add((variable, expression));
        }
        return new Settings(assignments);
    }

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        var assigned = new Dictionary<string, object?>();
        var size = 0;
        foreach (var (variable, expression) in config.Assignments)
        {
            try
            {
                var value = context.Evaluate(expression);
                // What one set step assigns is bounded as a whole, before anything is assigned past the bound.
                size += variable.Length + Values.ToJson(value)?.ToJsonString().Length ?? 4;
                if (size > context.MaxOutputChars) throw new OutputTooLargeException("What the set step assigns", context.MaxOutputChars);
                assigned[variable] = value;
                context.Run.Variables[variable] = value;
            }
            catch (ExpressionEvaluationException ex)
            {
                context.WarnAboutMissing();
                return ValueTask.FromResult(ExpressionFailure.From(ex, $"assign.{variable}"));
            }
        }
        context.WarnAboutMissing();
        return ValueTask.FromResult(NodeResult.Next(output: assigned));
    }
}
