using FlowRuns.Engine.Definitions;

namespace FlowRuns.Engine.Nodes;

/// <summary>
/// One kind of node: how its settings are checked and compiled at publish, which out-ports it has,
/// and what it does when a run reaches it. Implementations are stateless singletons.
/// </summary>
public abstract class NodeType
{
    public static readonly IReadOnlyList<string> DefaultPorts = [EdgeDefinition.DefaultPort];

    /// <summary>The <c>type</c> name in the flow JSON.</summary>
    public abstract string Name { get; }

    /// <summary>The out-ports a node of this type has, given its settings.</summary>
    public virtual IReadOnlyList<string> Ports(NodeDefinition node) => DefaultPorts;

    /// <summary>Ports that may be left without an edge (the run then fails or goes on elsewhere by rule).</summary>
    public virtual bool IsOptionalPort(string port) => false;

    /// <summary>Checks and parses the node's settings once, at publish. Returns the config handed to <see cref="ExecuteAsync"/>.</summary>
    public abstract object Compile(NodeProblems problems);

    /// <summary>
    /// True when the step has an effect outside FlowRuns' own store (an HTTP call, a message through an outside provider):
    /// the engine then commits the step as Running before executing it, so a crash never repeats it unknowingly.
    /// </summary>
    public virtual bool HasExternalEffect(object config) => false;

    public abstract ValueTask<NodeResult> ExecuteAsync(NodeContext context, CancellationToken cancellationToken);
}

/// <summary>A node type with a typed, compiled config.</summary>
public abstract class NodeType<TConfig> : NodeType where TConfig : class
{
    public sealed override object Compile(NodeProblems problems) => CompileConfig(problems);

    protected abstract TConfig CompileConfig(NodeProblems problems);

    public sealed override ValueTask<NodeResult> ExecuteAsync(NodeContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(context, (TConfig)context.Node.Config, cancellationToken);

    protected abstract ValueTask<NodeResult> ExecuteAsync(NodeContext context, TConfig config, CancellationToken cancellationToken);
}
