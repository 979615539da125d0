namespace FlowRuns.Engine.Nodes;

/// <summary>Completes the run.</summary>
public sealed class EndNode : NodeType<EndNode.Settings>
{
    public sealed record Settings;

    public override string Name => "end";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [];

    protected override Settings CompileConfig(NodeProblems problems) => new();

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken) =>
        ValueTask.FromResult(NodeResult.Complete());
}
