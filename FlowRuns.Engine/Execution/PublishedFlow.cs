using FlowRuns.Engine.Definitions;

namespace FlowRuns.Engine.Execution;

/// <summary>One version of a flow, compiled and ready to run, with the flow's identity.</summary>
public sealed record PublishedFlow(int FlowId, string Key, string Name, FlowStatus Status, int Version, CompiledFlow Graph);
