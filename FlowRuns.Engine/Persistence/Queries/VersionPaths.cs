namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// A version's ended runs over a window, grouped by the path they took (most runs first), with what the same runs add up
/// to on the graph. <see cref="From"/> is the window's start, or when the version was published when it has none.
/// They add up how many reached each node and went along each edge (a run counts once per node and edge, however
/// often a loop took it).
/// </summary>
public sealed record VersionPaths(
    string Flow,
    int Version,
    DateTimeOffset From,
    DateTimeOffset? To,
    int Runs,
    int PathCount,
    IReadOnlyList<PathGroup> Groups,
    IReadOnlyDictionary<string, int> NodeRuns,
    IReadOnlyList<EdgeTraffic> Edges)
{
    /// <summary>Runs that reached <paramref name="nodeId"/>, as a share of the version's runs in the window (0–1).</summary>
    public double NodeShare(string nodeId) => Runs == 0 ? 0 : (double)NodeRuns.GetValueOrDefault(nodeId) / Runs;
}
