using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>Reads runs: filtered, keyset-paged lists (narrow columns only) and one run with everything it did.</summary>
public sealed class RunQueries(IDbContextFactory<FlowRunsDbContext> contexts, NodeLabels labels, StoreDialect dialect)
{
    /// <summary>A page of runs newest first. Unknown flow or contact gives an empty page.</summary>
    public async Task<RunPage> ListAsync(RunListFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Runs.AsNoTracking();
        var flowKeys = new Dictionary<int, string>();
        if (filter.Flow is not null)
        {
            var flowId = await db.Flows.Where(f => f.Key == filter.Flow).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
            if (flowId is null) return new RunPage([], null);
            query = query.Where(r => r.FlowId == flowId);
            flowKeys[flowId.Value] = filter.Flow;
            if (filter.Versions.Count == 1) query = query.Where(r => r.Version == filter.Versions[0]);
            else if (filter.Versions.Count > 1) query = query.Where(r => filter.Versions.Contains(r.Version));
        }
        if (filter.Contact is { } contact)
        {
            var ids = await db.Contacts.Where(c => c.Id == contact || c.Email == contact || c.Phone == contact).Select(c => c.Id).ToListAsync(cancellationToken);
            if (!ids.Contains(contact)) ids.Add(contact);
            query = ids.Count == 1 ? query.Where(r => r.ContactId == ids[0]) : query.Where(r => ids.Contains(r.ContactId));
        }
        if (filter.Statuses.Count == 1) query = query.Where(r => r.Status == filter.Statuses[0]);
        else if (filter.Statuses.Count > 1) query = query.Where(r => filter.Statuses.Contains(r.Status));
        if (filter.Triggers.Count == 1) query = query.Where(r => r.Trigger == filter.Triggers[0]);
        else if (filter.Triggers.Count > 1) query = query.Where(r => filter.Triggers.Contains(r.Trigger));
        if (filter.Ids.Count > 0) query = query.Where(r => filter.Ids.Contains(r.Id));
        if (filter.Test is { } test) query = query.Where(r => r.IsTest == test);
        if (filter.ErrorCodes.Count == 1) query = query.Where(r => r.ErrorCode == filter.ErrorCodes[0]);
        else if (filter.ErrorCodes.Count > 1) query = query.Where(r => filter.ErrorCodes.Contains(r.ErrorCode!));
        if (filter.Nodes.Count == 1) query = query.Where(r => r.CurrentNodeId == filter.Nodes[0]);
        else if (filter.Nodes.Count > 1) query = query.Where(r => filter.Nodes.Contains(r.CurrentNodeId!));
        if (filter.From is { } from) query = query.Where(r => r.StartedAt >= from);
        if (filter.To is { } to) query = query.Where(r => r.StartedAt < to);
        if (filter.Cursor is { } cursor)
        {
            var at = new DateTimeOffset(cursor.StartedTicks, TimeSpan.Zero);
            // The first term bounds the index range; the second breaks ties on the row key.
            query = query.Where(r => r.StartedAt <= at && (r.StartedAt < at || r.Key < cursor.Key));
        }
        var limit = Math.Clamp(filter.Limit, 1, RunListFilter.MaxLimit);
        var rows = await query
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Key)
            .Take(limit + 1)
            .Select(r => new { r.Key, r.Id, r.FlowId, r.Version, r.ContactId, r.Status, r.Trigger, r.StartedAt, r.EndedAt, r.CurrentNodeId, r.IsTest, r.ErrorCode, r.ErrorMessage })
            .ToListAsync(cancellationToken);
        // Names and keys in queries of their own, over the page's rows only: as columns of the query above, SQLite worked
        // them out for every row it sorted, not only the page's (a filtered page's p95 went from 2.8 to 8.3 ms).
        var contactIds = rows.Select(r => r.ContactId).Distinct().ToList();
        var names = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.Name != null).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var missingFlows = rows.Select(r => r.FlowId).Distinct().Where(id => !flowKeys.ContainsKey(id)).ToList();
        if (missingFlows.Count > 0)
            foreach (var flow in await db.Flows.Where(f => missingFlows.Contains(f.Id)).Select(f => new { f.Id, f.Key }).ToListAsync(cancellationToken))
                flowKeys[flow.Id] = flow.Key;

        await labels.LoadAsync(db, rows.Select(r => (r.FlowId, r.Version)), cancellationToken);
        var items = rows.Take(limit).Select(r => new RunSummary(
            r.Id.ToString("N"), flowKeys.GetValueOrDefault(r.FlowId, "?"), r.Version, r.ContactId, r.Status.ToString(), TriggerName(r.Trigger),
            r.StartedAt, r.EndedAt, r.CurrentNodeId, DurationMs(r.StartedAt, r.EndedAt), r.IsTest)
        {
            ContactName = names.GetValueOrDefault(r.ContactId),
            CurrentNodeLabel = r.CurrentNodeId is null ? null : labels.Of(r.FlowId, r.Version, r.CurrentNodeId),
            ErrorCode = r.ErrorCode,
            ErrorMessage = r.ErrorMessage,
        }).ToList();
        var next = rows.Count > limit ? new RunCursor(rows[limit - 1].StartedAt.UtcTicks, rows[limit - 1].Key).Encode() : null;
        return new RunPage(items, next);
    }

    /// <summary>Run ids whose shown form (rebuilt from the stored bytes: the first three groups are stored byte-reversed) contains {0}.</summary>
    /// <summary>The shortest fragment of a run id the lookup accepts.</summary>
    public const int MinIdFragment = 8;

    /// <summary>
    /// The runs whose id (32 hex digits, as shown) contains <paramref name="fragment"/> (≥ <see cref="MinIdFragment"/> hex
    /// digits), at most <paramref name="limit"/>: one is a match, more say the fragment is not unique. The ids are stored as
    /// .NET's byte order, so the shown form is rebuilt from the stored bytes; it reads every run (a lookup, not a list).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> FindByIdFragmentAsync(string fragment, int limit = 2, CancellationToken cancellationToken = default)
    {
        var hex = fragment.Replace("-", "").ToUpperInvariant();
        if (hex.Length < MinIdFragment || hex.Length > 32 || !hex.All(Uri.IsHexDigit)) return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Database.SqlQueryRaw<byte[]>(dialect.IdFragmentSql, hex, Math.Clamp(limit, 1, 10)).ToListAsync(cancellationToken);
        return ids.Select(id => new Guid(id)).ToList();
    }

    /// <summary>Whether a run has that id (one index seek).</summary>
    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().AnyAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>The most child runs a run's detail lists (a run's steps are bounded, so are the subflows it starts).</summary>
    public const int ChildrenShownAtMost = 10_000;

    /// <summary>One run with its steps, events, deliveries and child runs; null when no run has that id.</summary>
    public async Task<RunDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The run with its flow's key and name and its contact's name in one round trip (each query is one on PostgreSQL).
        var found = await db.Runs.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new
            {
                Run = r,
                Flow = db.Flows.Where(f => f.Id == r.FlowId).Select(f => new { f.Key, f.Name }).First(),
                ContactName = db.Contacts.Where(c => c.Id == r.ContactId).Select(c => c.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null) return null;
        var (run, flow, contactName) = (found.Run, found.Flow, found.ContactName);
        var steps = await db.Steps.AsNoTracking().Where(s => s.RunKey == run.Key).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var events = await db.RunEvents.AsNoTracking().Where(e => e.RunKey == run.Key).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.RunKey == run.Key).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        // Child runs and replays in one query (each found by its own index): every child, then the first 50 replays.
        var related = await db.Runs.AsNoTracking().Where(r => r.ParentRunId == run.Id || r.ReplayOf == run.Id)
            .OrderBy(r => r.ParentRunId == run.Id ? 0 : 1).ThenBy(r => r.StartedAt)
            .Select(r => new { r.Id, r.Status, r.ParentRunId, r.ReplayOf }).Take(ChildrenShownAtMost + 50).ToListAsync(cancellationToken);
        var children = related.Where(r => r.ParentRunId == run.Id).Select(r => new { r.Id, r.Status }).ToList();
        var replays = related.Where(r => r.ReplayOf == run.Id).Select(r => r.Id).Take(50).ToList();

        return new RunDetail(
            run.Id.ToString("N"), flow.Key, flow.Name, run.Version, run.ContactId, run.Status.ToString(), TriggerName(run.Trigger),
            run.StartedAt, run.EndedAt, DurationMs(run.StartedAt, run.EndedAt), run.Sequence, run.CurrentNodeId,
            ErrorView.From(run.ErrorCode, run.ErrorMessage, run.ErrorDetail),
            run.ParentRunId?.ToString("N"), children.Select(c => c.Id.ToString("N")).ToList(), run.ReplayOf?.ToString("N"), run.IsTest,
            run.WaitEvent, run.WaitChildRunId?.ToString("N"), run.WakeAt,
            StoredJson.ReadNode(run.TriggerData), StoredJson.ReadNode(run.Event), StoredJson.ReadNode(run.Variables),
            steps.Select(ToView).ToList(),
            events.Select(e => new RunEventView(e.Name, e.At, e.StepSequence, StoredJson.ReadNode(e.Properties)) { NotAwaited = e.NotAwaited }).ToList(),
            deliveries.Select(d => ToView(d, run.Id)).ToList())
        {
            ChildRunStatuses = children.ToDictionary(c => c.Id.ToString("N"), c => c.Status.ToString()),
            ReplayRunIds = replays.Select(r => r.ToString("N")).ToList(),
            ContactName = contactName,
        };
    }

    public static StepView ToView(StepRecord step) => new(
        step.Sequence, step.NodeId, step.Attempt, step.Status.ToString(), step.Port, step.StartedAt, step.EndedAt,
        DurationMs(step.StartedAt, step.EndedAt),
        StoredJson.ReadNode(step.Input), StoredJson.ReadNode(step.Output),
        StoredJson.ReadResolutions(step.Resolutions).Select(r => new ResolutionView(r.Reference, Expressions.Values.ToJson(r.Value), r.Missing)).ToList(),
        StoredJson.ReadStrings(step.Warnings),
        ErrorView.From(step.ErrorCode, step.ErrorMessage, step.ErrorDetail));

    public static DeliveryView ToView(DeliveryRecord delivery, Guid? runId, string? flow = null, string? contactName = null) => new(
        delivery.Id.ToString("N"), runId?.ToString("N"), delivery.StepSequence, delivery.ContactId, delivery.Channel, delivery.Recipient,
        delivery.Status, delivery.ProviderResponse, delivery.Title, delivery.Body, StoredJson.ReadStrings(delivery.Actions),
        delivery.InboxState, delivery.CreatedAt, flow, contactName, delivery.ResendOf?.ToString("N"), delivery.ResentBy);

    public static string TriggerName(RunTrigger trigger) => trigger.ToString().ToLowerInvariant();

    private static double? DurationMs(DateTimeOffset started, DateTimeOffset? ended) =>
        ended is { } end ? Math.Round((end - started).TotalMilliseconds, 1) : null;
}
