using System.Text.Json.Nodes;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// Two runs side by side, step by step: where their paths first parted (the step both reached that left by different
/// ports, or the first step only one of them took), the variables that resolved differently there, and every aligned
/// step whose node, port, status or output differ.
/// </summary>
public sealed class RunComparison
{
    /// <summary>A variable read at the divergence that resolved differently in the two runs.</summary>
    public sealed record ResolutionDifference(string Reference, string? Left, string? Right);

    /// <summary>One aligned step (by position) of the two runs; null on a side that took no step there.</summary>
    public sealed record StepPair(int Index, StepView? Left, StepView? Right)
    {
        public bool SameNode => Left?.NodeId == Right?.NodeId;

        public bool Differs => !SameNode || Left?.Port != Right?.Port || Left?.Status != Right?.Status || Json(Left?.Output) != Json(Right?.Output);
    }

    private RunComparison(RunDetail left, RunDetail right, IReadOnlyList<StepPair> steps, int? divergence)
    {
        Left = left;
        Right = right;
        Steps = steps;
        DivergenceIndex = divergence;
    }

    public RunDetail Left { get; }
    public RunDetail Right { get; }
    public IReadOnlyList<StepPair> Steps { get; }

    /// <summary>Index (in <see cref="Steps"/>) of the step where the paths parted; null when both took the same path.</summary>
    public int? DivergenceIndex { get; }

    public StepPair? Divergence => DivergenceIndex is { } index ? Steps[index] : null;

    /// <summary>The node where the paths parted, when both runs reached it (it left by different ports).</summary>
    public string? DivergenceNodeId => Divergence is { SameNode: true } pair ? pair.Left?.NodeId : Divergence?.Left?.NodeId ?? Divergence?.Right?.NodeId;

    /// <summary>The variables read at the divergence that resolved differently.</summary>
    public IReadOnlyList<ResolutionDifference> ResolutionDifferences
    {
        get
        {
            if (Divergence is not { Left: { } left, Right: { } right, SameNode: true }) return [];
            var names = left.Resolutions.Select(r => r.Reference).Union(right.Resolutions.Select(r => r.Reference));
            return names.Select(name => new ResolutionDifference(name, Show(left.Resolutions.FirstOrDefault(r => r.Reference == name)), Show(right.Resolutions.FirstOrDefault(r => r.Reference == name))))
                .Where(d => d.Left != d.Right).ToList();
        }
    }

    public static RunComparison Of(RunDetail left, RunDetail right)
    {
        var a = left.Steps.OrderBy(s => s.Sequence).ToList();
        var b = right.Steps.OrderBy(s => s.Sequence).ToList();
        var steps = Enumerable.Range(0, Math.Max(a.Count, b.Count))
            .Select(i => new StepPair(i, i < a.Count ? a[i] : null, i < b.Count ? b[i] : null)).ToList();
        int? divergence = null;
        foreach (var pair in steps)
        {
            // Both at the same node: they part here if it sent them different ways (or one failed there).
            if (pair.SameNode && (pair.Left?.Port != pair.Right?.Port || pair.Left?.Status != pair.Right?.Status)) { divergence = pair.Index; break; }
            // At different nodes (or one run has no step here): the paths parted at this step.
            if (!pair.SameNode) { divergence = pair.Index; break; }
        }
        return new RunComparison(left, right, steps, divergence);
    }

    private static string? Show(ResolutionView? resolution) =>
        resolution is null ? null : resolution.Missing ? "missing" : resolution.Value?.ToJsonString() ?? "null";

    private static string? Json(JsonNode? node) => node?.ToJsonString();
}
