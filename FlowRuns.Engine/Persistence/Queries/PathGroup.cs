namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The ended runs of one flow version that took exactly one path (the same nodes in the same order, leaving each by the
/// same port): how many, their outcomes, when the latest ended.
/// </summary>
public sealed record PathGroup(int PathId, IReadOnlyList<PathStep> Steps, int Count, int Completed, int Failed, int Cancelled, DateTimeOffset? LastEndedAt)
{
    /// <summary>The group's share of the version's ended runs in the window (0–1); set by the query.</summary>
    public double Share { get; init; }

    /// <summary>The node the path ended on (its last step).</summary>
    public PathStep? Last => Steps.Count == 0 ? null : Steps[^1];
}

/// <summary>One step of a path: its node (and label) and the port it left by (none for the last).</summary>
public sealed record PathStep(string NodeId, string NodeLabel, string? Port);

/// <summary>How many of a version's runs went along one edge (from a node, by a port, to the next node).</summary>
public sealed record EdgeTraffic(string From, string? Port, string To, int Runs);
