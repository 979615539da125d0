using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>Reads flows and their versions.</summary>
public sealed class FlowQueries(IDbContextFactory<FlowRunsDbContext> contexts)
{
    public async Task<IReadOnlyList<FlowSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flows = await db.Flows.AsNoTracking().OrderBy(f => f.Key).ToListAsync(cancellationToken);
        return flows.Select(f => new FlowSummary(f.Key, f.Name, f.Status.ToString().ToLowerInvariant(), f.CurrentVersion, f.TriggerType, f.TriggerEvent, f.UpdatedAt)).ToList();
    }

    /// <summary>The flow with its current version's graph, or <paramref name="version"/>'s; null when either does not exist.</summary>
    public async Task<FlowDetail?> GetAsync(string key, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flow = await db.Flows.AsNoTracking().SingleOrDefaultAsync(f => f.Key == key, cancellationToken);
        if (flow is null) return null;
        var versions = await db.FlowVersions.AsNoTracking().Where(v => v.FlowId == flow.Id && v.Number > 0).OrderBy(v => v.Number)
            .Select(v => new FlowVersionSummary(v.Number, v.Name, v.PublishedAt, v.Note)).ToListAsync(cancellationToken);
        var number = version ?? flow.CurrentVersion;
        var stored = await db.FlowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.FlowId == flow.Id && v.Number == number, cancellationToken);
        if (stored is null) return null;
        return new FlowDetail(flow.Key, flow.Name, flow.Status.ToString().ToLowerInvariant(), flow.CurrentVersion, stored.Number, stored.Name,
            stored.PublishedAt, (JsonObject)JsonNode.Parse(stored.Definition)!, versions);
    }
}
