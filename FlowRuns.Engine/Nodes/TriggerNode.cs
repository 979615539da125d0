namespace FlowRuns.Engine.Nodes;

/// <summary>The entry of every flow: records that the run started and goes on.</summary>
public sealed class TriggerNode : NodeType<TriggerNode.Settings>
{
    public sealed record Settings;

    public override string Name => "trigger";

    protected override Settings CompileConfig(NodeProblems problems) => new();

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken) =>
        ValueTask.FromResult(NodeResult.Next());
}
