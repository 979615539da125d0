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

/// <summary>One step of a path: its node (label, type) and the port it left by (none for the last).</summary>
public sealed record PathStep(string NodeId, string NodeLabel, string? Port, string? NodeType = null)
{
    /// <summary>The port as a branch worth naming: a condition's, switch's, wait's, http's or subflow's choice (a switch's default too).</summary>
    public string? Branch => Port is { } port && NodeType is "condition" or "switch" or "wait" or "http" or "subflow" && (port != "default" || NodeType == "switch") ? port : null;
}

/// <summary>How many of a version's runs went along one edge (from a node, by a port, to the next node).</summary>
public sealed record EdgeTraffic(string From, string? Port, string To, int Runs);
