using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Fails the run on purpose with <c>STOP_ERROR</c> and the rendered <c>message</c>.</summary>
public sealed class StopErrorNode : NodeType<StopErrorNode.Settings>
{
    public sealed record Settings(Template? Message);

    public override string Name => "stopError";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [];

    protected override Settings CompileConfig(NodeProblems problems) =>
        new(problems.Template("message", problems.RequireString("message")));

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        var message = context.Render(config.Message!);
        context.WarnAboutMissing();
        return ValueTask.FromResult(NodeResult.Fail(FailureCodes.Create(FailureCodes.StopError, message),
            output: new Dictionary<string, object?> { ["message"] = message }));
    }
}
