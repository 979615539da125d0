using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>What one node did in one run: its status (of the latest visit), every visit, the port it left by, its error.</summary>
public sealed record NodePaint(string NodeId, string Status, IReadOnlyList<StepView> Visits)
{
    public const string NotReached = "NotReached";

    /// <summary>The graph as authored, with no run on it (a flow's Graph tab): no status to tell.</summary>
    public const string Authored = "Authored";

    public StepView? Latest => Visits.Count == 0 ? null : Visits[^1];

    public string? Port => Latest?.Port;

    public ErrorView? Error => Latest?.Error;

    public int Warnings => Visits.Sum(v => v.Warnings.Count);

    /// <summary>Changes whenever anything drawn for this node changes: lets the node skip re-rendering otherwise.</summary>
    public string Fingerprint => $"{Status}|{Port}|{Visits.Count}|{Warnings}|{Error?.Code}|{Latest?.EndedAt?.UtcTicks}";
}
