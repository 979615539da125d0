using System.Collections.Concurrent;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Publishes flow versions and hands the engine compiled versions. A version is immutable, so it is compiled once and
/// cached. The flow row (status, current version) is cached until it changes: a change made here drops it here and, through
/// <see cref="IStoreChangeFeed"/>, on every other node sharing the store (which also re-reads its rows every half lease —
/// <see cref="RefreshAsync"/> — should a change message be lost).
/// </summary>
public sealed class FlowCatalog
{
    private readonly ConcurrentDictionary<(int FlowId, int Version), CompiledFlow> _versions = new();
    private readonly ConcurrentDictionary<string, FlowRecord> _flows = new();
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly IDbContextFactory<FlowRunsDbContext> contexts;
    private readonly FlowCompiler compiler;
    private readonly TimeProvider time;
    private readonly IStoreChangeFeed _changes;

    public FlowCatalog(IDbContextFactory<FlowRunsDbContext> contexts, FlowCompiler compiler, TimeProvider time, IStoreChangeFeed changes)
    {
        this.contexts = contexts;
        this.compiler = compiler;
        this.time = time;
        _changes = changes;
        changes.Received += change =>
        {
            if (change.Kind == StoreChangeKind.Flow) _flows.TryRemove(change.Key, out _);
            else if (change.Kind == StoreChangeKind.Everything) _flows.Clear();
        };
    }

    /// <summary>Every problem publishing <paramref name="definition"/> would meet (none: it would publish) — nothing is published.</summary>
    public async Task<IReadOnlyList<DefinitionProblem>> ProblemsAsync(FlowDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await SubflowsPublishedAsync(db, definition, cancellationToken);
        try
        {
            compiler.Compile(definition, key => existing.Contains(key));
            return [];
        }
        catch (FlowDefinitionException ex)
        {
            return ex.Problems;
        }
    }

    /// <summary>Which of the flows the definition's subflow nodes name are published.</summary>
    private static async Task<List<string>> SubflowsPublishedAsync(FlowRunsDbContext db, FlowDefinition definition, CancellationToken cancellationToken)
    {
        var referenced = definition.Nodes.Where(n => n.Type == "subflow").Select(n => n.GetString("flow")).OfType<string>().Distinct().ToList();
        return await db.Flows.Where(f => referenced.Contains(f.Key)).Select(f => f.Key).ToListAsync(cancellationToken);
    }

    /// <summary>Validates and publishes; a changed graph becomes the next version, an identical one changes nothing.</summary>
    public Task<PublishResult> PublishAsync(FlowDefinition definition, CancellationToken cancellationToken = default) =>
        PublishAsync(definition, new PublishOptions(), cancellationToken);

    /// <summary>
    /// Validates and publishes with <paramref name="options"/>: a change note kept with the version, the status a new flow
    /// starts in, or only a new flow (a clone: <see cref="FlowExistsException"/> when the key is taken).
    /// </summary>
    public async Task<PublishResult> PublishAsync(FlowDefinition definition, PublishOptions options, CancellationToken cancellationToken = default)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await SubflowsPublishedAsync(db, definition, cancellationToken);
            var compiled = compiler.Compile(definition, key => existing.Contains(key));

            var now = time.GetUtcNow();
            var flow = await db.Flows.SingleOrDefaultAsync(f => f.Key == definition.Key, cancellationToken);
            if (flow is not null && options.NewFlowOnly) throw new FlowExistsException(definition.Key);
            if (flow is not null)
            {
                var current = await db.FlowVersions.SingleAsync(v => v.FlowId == flow.Id && v.Number == flow.CurrentVersion, cancellationToken);
                if (current.Fingerprint == compiled.Fingerprint)
                {
                    if (flow.Name != definition.Name) { flow.Name = definition.Name; flow.UpdatedAt = now; await db.SaveChangesAsync(cancellationToken); }
                    Forget(flow.Key);
                    return new PublishResult(flow.Key, flow.CurrentVersion, Created: false);
                }
            }
            else
            {
                flow = new FlowRecord { Key = definition.Key, Name = definition.Name, TriggerType = "", Status = options.NewFlowStatus, CreatedAt = now };
                db.Flows.Add(flow);
            }
            flow.Name = definition.Name;
            flow.TriggerType = definition.Trigger.Type;
            flow.TriggerEvent = definition.Trigger.Type == "event" ? definition.Trigger.Event : null;
            flow.NextScheduledAt = definition.Trigger.Type == "schedule" ? Schedules.Next(definition.Trigger.Cron!, now) : null;
            flow.CurrentVersion += 1;
            flow.UpdatedAt = now;
            flow.Versions.Add(new FlowVersionRecord
            {
                Number = flow.CurrentVersion,
                Name = definition.VersionName,
                Note = options.Note,
                Definition = FlowJson.Serialize(definition),
                Fingerprint = compiled.Fingerprint,
                PublishedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            Forget(flow.Key);
            return new PublishResult(flow.Key, flow.CurrentVersion, Created: true);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>
    /// Keeps <paramref name="definition"/> — a draft of the flow's next version — as a <i>trial</i>: a version numbered 0 or
    /// below (−1, −2, …, each trial its own, never changed) that test runs can run on and be painted against, while the flow,
    /// its current version and its version list stay as they are. Checked like a publish (<see cref="FlowDefinitionException"/>).
    /// A trial's <see cref="FlowVersionRecord.PublishedAt"/> is when it was last kept; the retention purge
    /// (<see cref="Persistence.RetentionPurge"/>) deletes trials last kept before its cut-off that no run refers to.
    /// </summary>
    public async Task<int> KeepTrialAsync(FlowDefinition definition, CancellationToken cancellationToken = default)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await SubflowsPublishedAsync(db, definition, cancellationToken);
            var compiled = compiler.Compile(definition, key => existing.Contains(key));
            var flow = await db.Flows.SingleOrDefaultAsync(f => f.Key == definition.Key, cancellationToken) ?? throw new FlowNotFoundException(definition.Key);
            // The same draft tested again runs on the trial it already has: trials grow with the drafts tested, not the clicks.
            var document = FlowJson.Serialize(definition);
            var sameGraph = await db.FlowVersions.Where(v => v.FlowId == flow.Id && v.Number <= 0 && v.Fingerprint == compiled.Fingerprint)
                .Select(v => new { v.Number, v.Definition }).ToListAsync(cancellationToken);
            // Kept anew (its time is now): the retention purge takes a trial only when it was last kept before its cut-off and
            // no run refers to it, so this one stays for the test run about to start on it. Gone meanwhile (purged between the
            // read and this update): a new trial is made below.
            if (sameGraph.FirstOrDefault(v => v.Definition == document) is { } kept
                && await db.FlowVersions.Where(v => v.FlowId == flow.Id && v.Number == kept.Number)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.PublishedAt, time.GetUtcNow()), cancellationToken) == 1)
                return kept.Number;
            var lowest = await db.FlowVersions.Where(v => v.FlowId == flow.Id).MinAsync(v => (int?)v.Number, cancellationToken) ?? 1;
            var number = Math.Min(lowest, 1) - 1;
            db.FlowVersions.Add(new FlowVersionRecord
            {
                FlowId = flow.Id,
                Number = number,
                Name = "draft trial",
                Definition = document,
                Fingerprint = compiled.Fingerprint,
                PublishedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            return number;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Forgets the compiled graphs of draft trials the retention purge deleted (this node's cache; no run asks for them again).</summary>
    public void ForgetTrials(IEnumerable<(int FlowId, int Number)> trials)
    {
        foreach (var trial in trials) _versions.TryRemove(trial, out _);
    }

    /// <summary>The flow's current version, or the given one.</summary>
    public async Task<PublishedFlow> GetAsync(string key, int? version = null, CancellationToken cancellationToken = default)
    {
        var flow = await GetFlowAsync(key, cancellationToken) ?? throw new FlowNotFoundException(key);
        return await GetVersionAsync(flow, version ?? flow.CurrentVersion, cancellationToken);
    }

    /// <summary>The version a stored run executed against, by the flow's row id.</summary>
    public async Task<PublishedFlow> GetAsync(int flowId, int version, CancellationToken cancellationToken = default)
    {
        var flow = _flows.Values.FirstOrDefault(f => f.Id == flowId);
        if (flow is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var key = await db.Flows.Where(f => f.Id == flowId).Select(f => f.Key).SingleAsync(cancellationToken);
            flow = await GetFlowAsync(key, cancellationToken) ?? throw new FlowNotFoundException(key);
        }
        return await GetVersionAsync(flow, version, cancellationToken);
    }

    private async Task<PublishedFlow> GetVersionAsync(FlowRecord flow, int version, CancellationToken cancellationToken)
    {
        if (!_versions.TryGetValue((flow.Id, version), out var compiled))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stored = await db.FlowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.FlowId == flow.Id && v.Number == version, cancellationToken)
                ?? throw new FlowNotFoundException(flow.Key, version);
            compiled = compiler.Compile(FlowJson.Parse(stored.Definition));
            _versions[(flow.Id, version)] = compiled;
        }
        return new PublishedFlow(flow.Id, flow.Key, flow.Name, flow.Status, version, compiled);
    }

    /// <summary>The flow row, cached until it changes through this catalog.</summary>
    public async Task<FlowRecord?> GetFlowAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_flows.TryGetValue(key, out var cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flow = await db.Flows.AsNoTracking().SingleOrDefaultAsync(f => f.Key == key, cancellationToken);
        if (flow is not null) _flows[key] = flow;
        return flow;
    }

    /// <summary>Active schedule-triggered flows whose next tick is due at <paramref name="now"/>, and the earliest tick of all.</summary>
    public async Task<(IReadOnlyList<FlowRecord> Due, DateTimeOffset? Next)> SchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scheduled = await db.Flows.AsNoTracking().Where(f => f.NextScheduledAt != null && f.Status == FlowStatus.Active).ToListAsync(cancellationToken);
        return (scheduled.Where(f => f.NextScheduledAt <= now).ToList(), scheduled.Min(f => f.NextScheduledAt));
    }

    /// <summary>
    /// Claims the schedule's tick due at <paramref name="due"/> by moving it to <paramref name="next"/> (ticks missed while
    /// the app was down run once, not N times): one conditional update, so of several engines over one store exactly one
    /// gets the tick and fires it. False when another engine got it first.
    /// </summary>
    public async Task<bool> ClaimScheduleTickAsync(int flowId, DateTimeOffset due, DateTimeOffset next, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Flows.Where(f => f.Id == flowId && f.NextScheduledAt == due)
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.NextScheduledAt, next), cancellationToken) == 1;
    }

    /// <summary>Keys of active flows a contact event of this name starts.</summary>
    public async Task<IReadOnlyList<string>> FlowsTriggeredByAsync(string eventName, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Flows.AsNoTracking()
            .Where(f => f.TriggerEvent == eventName && f.Status == FlowStatus.Active)
            .Select(f => f.Key).ToListAsync(cancellationToken);
    }

    /// <summary>Sets a flow's status (active, paused, inactive); throws <see cref="FlowNotFoundException"/> for an unknown key.</summary>
    public async Task<FlowRecord> SetStatusAsync(string key, FlowStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var flow = await db.Flows.SingleOrDefaultAsync(f => f.Key == key, cancellationToken) ?? throw new FlowNotFoundException(key);
        flow.Status = status;
        flow.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _flows[key] = flow;
        _changes.Publish(new StoreChange(StoreChangeKind.Flow, key));
        return flow;
    }

    /// <summary>Whether the flow is paused right now (read from the cached flow row; pausing goes through this catalog).</summary>
    public bool IsPaused(int flowId) => _flows.Values.FirstOrDefault(f => f.Id == flowId)?.Status == FlowStatus.Paused;

    /// <summary>
    /// Re-reads the cached flow rows, so a pause or resume made by another engine over the same store takes effect here
    /// (recovery calls it every half lease).
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var keys = _flows.Keys.ToList();
        if (keys.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var flow in await db.Flows.AsNoTracking().Where(f => keys.Contains(f.Key)).ToListAsync(cancellationToken))
            _flows[flow.Key] = flow;
    }

    /// <summary>Drops the cached flow row here and on the other nodes, so the next lookup re-reads it (after a publish or status change).</summary>
    public void Forget(string key)
    {
        _flows.TryRemove(key, out _);
        _changes.Publish(new StoreChange(StoreChangeKind.Flow, key));
    }
}
