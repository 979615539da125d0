using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Nodes.Http;
using Microsoft.Extensions.Options;

namespace FlowRuns.Tests.Engine.Definitions;

/// <summary>A compiler with every node type, without a store.</summary>
internal static class Compilers
{
    public static FlowCompiler Create() => new(Registry());

    /// <summary>Every node type the engine has.</summary>
    public static NodeTypeRegistry Registry()
    {
        var options = Options.Create(new FlowRunsEngineOptions());
        return new NodeTypeRegistry(
        [
            new TriggerNode(), new ConditionNode(), new SwitchNode(), new SetNode(), new SendNode(new InboxChannelProvider()),
            new WaitNode(), new DelayNode(options), new HttpNode(new HttpNodeClient(options), options), new SubflowNode(),
            new EndNode(), new StopErrorNode(),
        ]);
    }
}
