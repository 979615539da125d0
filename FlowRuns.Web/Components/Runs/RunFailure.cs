using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// Where a failed run broke: the node (the run's current node once it failed), the step there if it has one, the error,
/// and — for <c>MISSING_BRANCH</c> — the port the step left by that had no edge. A step can complete and the run still fail
/// on it (no edge for its port, the step limit, an interrupted walk): the failure is painted on that node all the same.
/// </summary>
public sealed record RunFailure(string NodeId, int? Sequence, ErrorView Error, string? MissingPort)
{
    public static RunFailure? Of(RunDetail run)
    {
        if (run.Status != "Failed" || run.CurrentNodeId is not { } nodeId) return null;
        var step = run.Steps.LastOrDefault(s => s.NodeId == nodeId);
        var error = step?.Error ?? run.Error;
        if (error is null) return null;
        var missingPort = error.Code == FailureCodes.MissingBranch ? step?.Port : null;
        return new RunFailure(nodeId, step?.Sequence, error, missingPort);
    }
}
