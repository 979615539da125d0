using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// What one node did in one run: its status (of the latest visit), every visit, the port it left by, its error (its own
/// step's, or the run's when the run failed on this node), the analytic events its steps produced or consumed.
/// </summary>
public sealed record NodePaint(string NodeId, string Status, IReadOnlyList<StepView> Visits)
{
    public const string NotReached = "NotReached";

    /// <summary>The graph as authored, with no run on it (a flow's Graph tab): no status to tell.</summary>
    public const string Authored = "Authored";

    public StepView? Latest => Visits.Count == 0 ? null : Visits[^1];

    public string? Port => Latest?.Port;

    public ErrorView? Error { get; init; } = Visits.Count == 0 ? null : Visits[^1].Error;

    /// <summary>The port this node left by that had no edge (the run failed with <c>MISSING_BRANCH</c> here).</summary>
    public string? MissingPort { get; init; }

    /// <summary>Analytic events recorded against this node's steps (card.sent, card.viewed, http.called, …).</summary>
    public int Events { get; init; }

    /// <summary>The child run a subflow step started.</summary>
    public string? ChildRunId { get; init; }

    /// <summary>That child run's status, when known.</summary>
    public string? ChildStatus { get; init; }

    public int Warnings => Visits.Sum(v => v.Warnings.Count);

    /// <summary>What changed in this node between two versions (a diff painted); one line per changed setting.</summary>
    public string? Change { get; init; }

    /// <summary>Counts painted on the graph (a version's paths): how many runs reached this node, and their share of the version's runs.</summary>
    public (int Runs, double Share)? Reached { get; init; }

    /// <summary>Changes whenever anything drawn for this node changes: lets the node skip re-rendering otherwise.</summary>
    public string Fingerprint => $"{Status}|{Port}|{Visits.Count}|{Warnings}|{Error?.Code}|{Latest?.EndedAt?.UtcTicks}|{MissingPort}|{Events}|{ChildRunId}|{ChildStatus}|{Reached}|{Change}";
}
