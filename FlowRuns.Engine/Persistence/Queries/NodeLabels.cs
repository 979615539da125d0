using System.Collections.Concurrent;
using FlowRuns.Engine.Definitions;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// The label (and type) of each node of each flow version, for lists that show where runs ended ("Customer segment", not
/// <c>segment</c>). A version never changes, so its labels are read once and kept; at most <see cref="MaxVersions"/>
/// versions are kept (past that, the cache starts over).
/// </summary>
public sealed class NodeLabels
{
    public const int MaxVersions = 10_000;

    private readonly ConcurrentDictionary<(int FlowId, int Version), IReadOnlyDictionary<string, (string Label, string Type)>> _versions = new();

    /// <summary>The node's label, or its id when the version or node is unknown (not loaded, or removed).</summary>
    public string Of(int flowId, int version, string nodeId) =>
        _versions.TryGetValue((flowId, version), out var nodes) && nodes.TryGetValue(nodeId, out var node) ? node.Label : nodeId;

    /// <summary>The node's type (<c>switch</c>, <c>send</c>, …), or null when the version or node is unknown.</summary>
    public string? TypeOf(int flowId, int version, string nodeId) =>
        _versions.TryGetValue((flowId, version), out var nodes) && nodes.TryGetValue(nodeId, out var node) ? node.Type : null;

    /// <summary>Reads the labels of the versions not known yet.</summary>
    public async Task LoadAsync(FlowRunsDbContext db, IEnumerable<(int FlowId, int Version)> versions, CancellationToken cancellationToken)
    {
        var missing = versions.Distinct().Where(v => !_versions.ContainsKey(v)).ToList();
        if (missing.Count == 0) return;
        if (_versions.Count + missing.Count > MaxVersions) _versions.Clear();
        var flowIds = missing.Select(v => v.FlowId).Distinct().ToList();
        var numbers = missing.Select(v => v.Version).Distinct().ToList();
        var rows = await db.FlowVersions.AsNoTracking().Where(v => flowIds.Contains(v.FlowId) && numbers.Contains(v.Number))
            .Select(v => new { v.FlowId, v.Number, v.Definition }).ToListAsync(cancellationToken);
        foreach (var row in rows)
            _versions[(row.FlowId, row.Number)] = FlowJson.Parse(row.Definition).Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => (g.First().Label, g.First().Type));
    }
}
