using System.Collections.Concurrent;
using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Routes contact events. An event is accepted — committed — before anything else; then it fans out: for each contact
/// concerned it starts a run of every active flow triggered by the event's name (each committed, at most one per event,
/// flow and contact) and puts the event in the inbox of every run it concerns — the named run when it names a
/// <c>runId</c> or <c>deliveryId</c>, else the contact's runs waiting for it or being walked — and hands it to those runs
/// that are free. A crash mid fan-out is finished after restart, each match once. Many contacts are handled in
/// parallel, with a bound; one that fails is reported and does not stop the others.
/// </summary>
public sealed class EventRouter(
    FlowCatalog catalog, FlowEngine engine, AudienceResolver audiences, IDbContextFactory<FlowRunsDbContext> contexts,
    RunWriter writer, TimeProvider time, IOptions<FlowRunsEngineOptions> options, ILogger<EventRouter> logger)
{
    private const int Chunk = 500;
    private static readonly Dictionary<string, string> InboxStates = new()
    {
        ["card.viewed"] = "viewed",
        ["card.dismissed"] = "dismissed",
        ["card.completed"] = "completed",
    };
    private readonly ConcurrentDictionary<Guid, byte> _fanningOut = new();

    /// <summary>One contact's event. Answers once it is accepted, the runs it started are stored and each run that took it is committed.</summary>
    public async Task<EventOutcome> PostAsync(ContactEvent contactEvent, CancellationToken cancellationToken = default)
    {
        var accepted = await AcceptAsync(contactEvent.Name, contactEvent.ContactId, null, contactEvent.Properties);
        return await FanOutAsync(accepted, [contactEvent.ContactId], contactEvent.Properties, waitForResumes: true, cancellationToken);
    }

    /// <summary>An event for every contact the audience matches. Answers once every run is started (stored) and the event is in every inbox it concerns.</summary>
    public async Task<EventOutcome> PostToAudienceAsync(string name, IReadOnlyDictionary<string, object?> properties, CompiledExpression audience, CancellationToken cancellationToken = default)
    {
        var accepted = await AcceptAsync(name, null, audience.Text, properties);
        var contacts = await audiences.MatchAsync(audience, cancellationToken);
        var outcome = await FanOutAsync(accepted, contacts, properties, waitForResumes: false, cancellationToken);
        logger.LogInformation("Event {Event} for an audience of {Contacts} contacts: {Started} runs started, {Resumed} resumed, {Queued} queued",
            name, contacts.Count, outcome.Started.Count, outcome.Resumed.Count, outcome.Queued.Count);
        return outcome;
    }

    /// <summary>
    /// Finishes every fan-out a stopped or dead engine left undone (all of them at start; later only those older than a
    /// lease, so a fan-out under way elsewhere is not done twice at once — done twice it would still start each run once).
    /// </summary>
    public async Task<int> FinishPendingFanOutsAsync(bool atStart, CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow() - options.Value.LeaseDuration;
        List<AcceptedEventRecord> pending;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            pending = await db.AcceptedEvents.AsNoTracking().Where(e => e.FannedOutAt == null && (atStart || e.AcceptedAt < before))
                .OrderBy(e => e.AcceptedAt).Take(100).ToListAsync(cancellationToken);
        var finished = 0;
        foreach (var accepted in pending.Where(e => !_fanningOut.ContainsKey(e.Id)))
        {
            var contacts = accepted.ContactId is { } one ? [one]
                : await audiences.MatchAsync(accepted.Audience is { } text ? AudienceResolver.Parse(text) : null, cancellationToken);
            await FanOutAsync(accepted, contacts, StoredJson.ReadMap(accepted.Properties), waitForResumes: false, cancellationToken, firstTry: false);
            finished++;
        }
        if (finished > 0) logger.LogInformation("Finished the fan-out of {Count} accepted events", finished);
        return finished;
    }

    private async Task<AcceptedEventRecord> AcceptAsync(string name, string? contactId, string? audience, IReadOnlyDictionary<string, object?> properties)
    {
        var now = time.GetUtcNow();
        var accepted = new AcceptedEventRecord
        {
            Id = Guid.CreateVersion7(now), Name = name, ContactId = contactId, Audience = audience,
            Properties = StoredJson.Write(properties), AcceptedAt = now,
        };
        await writer.CommitAsync(new RunChangeSet { AcceptedEvent = accepted });
        return accepted;
    }

    private async Task<EventOutcome> FanOutAsync(AcceptedEventRecord accepted, IReadOnlyList<string> contacts, IReadOnlyDictionary<string, object?> properties,
        bool waitForResumes, CancellationToken cancellationToken, bool firstTry = true)
    {
        _fanningOut[accepted.Id] = 0;
        try
        {
            var failures = new List<EventFailure>();
            var started = await StartRunsAsync(accepted, contacts, properties, failures, cancellationToken);
            var (resumed, queued, filed) = await DeliverToRunsAsync(accepted, contacts, properties, firstTry,
                waitForResumes ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(30), cancellationToken);
            await writer.CommitAsync(new RunChangeSet { AcceptedEvent = Copy(accepted, time.GetUtcNow()) });
            return new EventOutcome(started, resumed, failures) { EventId = accepted.Id.ToString("N"), Queued = queued, Filed = filed };
        }
        finally
        {
            _fanningOut.TryRemove(accepted.Id, out _);
        }
    }

    private static AcceptedEventRecord Copy(AcceptedEventRecord accepted, DateTimeOffset fannedOutAt) => new()
    {
        Id = accepted.Id, Name = accepted.Name, ContactId = accepted.ContactId, Audience = accepted.Audience,
        Properties = accepted.Properties, AcceptedAt = accepted.AcceptedAt, FannedOutAt = fannedOutAt,
    };

    /// <summary>Starts (and commits) a run of every flow the event triggers, for every contact; a run this event already started is listed again, not started twice.</summary>
    private async Task<List<string>> StartRunsAsync(AcceptedEventRecord accepted, IReadOnlyList<string> contacts, IReadOnlyDictionary<string, object?> properties,
        List<EventFailure> failures, CancellationToken cancellationToken)
    {
        var flows = await catalog.FlowsTriggeredByAsync(accepted.Name, cancellationToken);
        if (flows.Count == 0 || contacts.Count == 0) return [];
        Dictionary<(int FlowId, string ContactId), Guid> existing;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            existing = (await db.Runs.AsNoTracking().Where(r => r.SourceEventId == accepted.Id).Select(r => new { r.FlowId, r.ContactId, r.Id }).ToListAsync(cancellationToken))
                .ToDictionary(r => (r.FlowId, r.ContactId), r => r.Id);
        var started = new List<string>();
        foreach (var flowKey in flows)
        {
            var flowId = existing.Count == 0 ? 0 : (await catalog.GetAsync(flowKey, cancellationToken: cancellationToken)).FlowId;
            var ids = new string?[contacts.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, contacts.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    if (existing.TryGetValue((flowId, contacts[i]), out var already)) ids[i] = already.ToString("N");
                    else ids[i] = await StartAsync(flowKey, accepted, new ContactEvent(contacts[i], accepted.Name, properties), failures, ct);
                });
            started.AddRange(ids.OfType<string>());
        }
        return started;
    }

    private async Task<string?> StartAsync(string flowKey, AcceptedEventRecord accepted, ContactEvent contactEvent, List<EventFailure> failures, CancellationToken cancellationToken)
    {
        try
        {
            var run = await engine.StartAsync(new StartRunRequest(flowKey, RunTrigger.Event)
            {
                ContactId = contactEvent.ContactId, Event = contactEvent.AsVariables(), SourceEventId = accepted.Id,
            }, cancellationToken);
            await run.Committed;
            return run.Id.ToString("N");
        }
        catch (Exception ex) when (ex is FlowNotActiveException or FlowNotFoundException or ContactNotFoundException)
        {
            lock (failures) failures.Add(new EventFailure(contactEvent.ContactId, flowKey, ex.Message));
            return null;
        }
        catch (Exception ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            // Another engine finishing the same fan-out started this one a moment ago.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var id = await (from r in db.Runs.AsNoTracking()
                            join f in db.Flows.AsNoTracking() on r.FlowId equals f.Id
                            where r.SourceEventId == accepted.Id && r.ContactId == contactEvent.ContactId && f.Key == flowKey
                            select (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
            return id?.ToString("N");
        }
    }

    /// <summary>
    /// Hands the event to every run it concerns. A run that waits for it with nothing queued before it is resumed with it
    /// at once, the event recorded as applied in its inbox in the resume's own commit (the first try of a fan-out only);
    /// every other run — busy, waiting for something else, or one whose direct resume did not commit — gets it through
    /// its inbox: committed there first, then applied by whoever holds the run.
    /// </summary>
    private async Task<(List<string> Resumed, List<string> Queued, List<string> Filed)> DeliverToRunsAsync(AcceptedEventRecord accepted,
        IReadOnlyList<string> contacts, IReadOnlyDictionary<string, object?> properties, bool firstTry, TimeSpan resumeWait, CancellationToken cancellationToken)
    {
        var targets = await TargetsAsync(accepted, contacts, properties, cancellationToken);
        var resumed = new List<string>();
        var queued = new List<string>();
        var filed = new List<string>();
        if (targets.Count == 0) return (resumed, queued, filed);

        var viaInbox = firstTry ? targets.Where(t => !t.Free).ToList() : targets;
        if (firstTry && viaInbox.Count < targets.Count)
        {
            var direct = targets.Where(t => t.Free).ToList();
            var outcomes = await engine.ResumeManyAsync(direct.Select(t => t.RunId).ToList(),
                new ResumeReason.Event(new ContactEvent(accepted.ContactId ?? "(audience)", accepted.Name, properties), accepted.Id), cancellationToken);
            var commits = direct.Select((t, i) => (Target: t, Committed: outcomes[i].Execution is { } e && outcomes[i].Resumed ? e.WalkCommitted : null)).ToList();
            await WaitAsync(commits.Where(c => c.Committed is not null).Select(c => c.Committed!), resumeWait, accepted, cancellationToken);
            foreach (var (target, committed) in commits)
            {
                if (committed is { IsCompletedSuccessfully: true }) resumed.Add(target.RunId.ToString("N"));
                else viaInbox.Add(target); // busy, moved on, or not committed: the inbox keeps it (exactly once, by its unique entry)
            }
        }
        if (viaInbox.Count > 0)
        {
            var (r, q, f) = await DeliverThroughInboxAsync(accepted, viaInbox, resumeWait, cancellationToken);
            resumed.AddRange(r);
            queued.AddRange(q);
            filed.AddRange(f);
        }
        await UpdateCardInboxAsync(accepted, properties, cancellationToken);
        return (resumed, queued, filed);
    }

    /// <summary>Puts the event in the inbox of each of <paramref name="targets"/> (committed), then hands it to those that are free.</summary>
    private async Task<(List<string> Resumed, List<string> Queued, List<string> Filed)> DeliverThroughInboxAsync(AcceptedEventRecord accepted,
        List<Target> targets, TimeSpan resumeWait, CancellationToken cancellationToken)
    {
        var resumed = new List<string>();
        var queued = new List<string>();
        var filed = new List<string>();
        var now = time.GetUtcNow();
        var entries = targets.Select(t => new RunInboxRecord
        {
            RunKey = t.RunKey, EventId = accepted.Id, Name = accepted.Name, ContactId = t.ContactId, Properties = accepted.Properties,
            StepSequence = t.StepSequence, ReceivedAt = now,
        }).ToList();
        foreach (var chunk in entries.Chunk(Chunk))
        {
            var changes = new RunChangeSet();
            changes.InboxAdds.AddRange(chunk);
            await writer.CommitAsync(changes);
        }
        // An entry skipped as a duplicate (Id 0) was added by an earlier try of this fan-out (or applied with a resume): look its id up.
        if (entries.Any(e => e.Id == 0))
        {
            var keys = entries.Where(e => e.Id == 0).Select(e => e.RunKey).ToList();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var ids = await db.RunInbox.AsNoTracking().Where(e => e.EventId == accepted.Id && keys.Contains(e.RunKey)).ToDictionaryAsync(e => e.RunKey, e => e.Id, cancellationToken);
            foreach (var entry in entries.Where(e => e.Id == 0)) entry.Id = ids.GetValueOrDefault(entry.RunKey);
        }

        var outcomes = await engine.DrainAsync(targets.Select(t => t.RunId).ToList(), cancellationToken);
        var resumes = new List<(string Id, Task Committed)>();
        for (var i = 0; i < targets.Count; i++)
        {
            var id = targets[i].RunId.ToString("N");
            if (!outcomes.TryGetValue(entries[i].Id, out var outcome)) queued.Add(id);
            else if (outcome.Outcome == InboxOutcome.Resumed && outcome.Execution is { } execution) resumes.Add((id, execution.WalkCommitted));
            else filed.Add(id);
        }
        // A run is listed as resumed only once its resume is committed; one whose resume was not (a cancel came first)
        // still has the event in its inbox, so it is listed as queued — both are promises the store keeps.
        await WaitAsync(resumes.Select(r => r.Committed), resumeWait, accepted, cancellationToken);
        foreach (var (id, committed) in resumes) (committed.IsCompletedSuccessfully ? resumed : queued).Add(id);
        return (resumed, queued, filed);
    }

    private async Task WaitAsync(IEnumerable<Task> commits, TimeSpan limit, AcceptedEventRecord accepted, CancellationToken cancellationToken)
    {
        try { await Task.WhenAll(commits).WaitAsync(limit, cancellationToken); }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Not every resume of {Event} was committed before the answer", accepted.Name);
        }
    }

    /// <summary>A run an event concerns; <see cref="Free"/> when it waits for the event with nothing queued before it.</summary>
    private sealed record Target(Guid RunId, long RunKey, string ContactId, int? StepSequence, bool Free);

    /// <summary>
    /// The runs an event concerns: the run it names (by <c>deliveryId</c> or <c>runId</c>, for one contact), else the
    /// contacts' runs that wait for it (or are paused waiting for it) and those being walked right now, which may wait for
    /// it in a moment. Runs this very event started are not among them.
    /// </summary>
    private async Task<List<Target>> TargetsAsync(AcceptedEventRecord accepted, IReadOnlyList<string> contacts, IReadOnlyDictionary<string, object?> properties,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (accepted.ContactId is { } contactId)
        {
            if (properties.GetValueOrDefault("deliveryId") is string deliveryText && Guid.TryParse(deliveryText, out var deliveryId))
            {
                var delivery = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId && d.ContactId == contactId)
                    .Select(d => new { d.RunKey, d.StepSequence }).SingleOrDefaultAsync(cancellationToken);
                if (delivery?.RunKey is { } key)
                    return await db.Runs.AsNoTracking().Where(r => r.Key == key).Select(r => new Target(r.Id, r.Key, contactId, delivery.StepSequence,
                        r.Status == RunStatus.Waiting && r.WaitEvent == accepted.Name && !db.RunInbox.Any(e => e.RunKey == r.Key && e.AppliedAt == null))).ToListAsync(cancellationToken);
            }
            if (properties.GetValueOrDefault("runId") is string runText && Guid.TryParse(runText, out var runId))
            {
                var named = await db.Runs.AsNoTracking().Where(r => r.Id == runId && r.ContactId == contactId)
                    .Select(r => new Target(r.Id, r.Key, contactId, null,
                        r.Status == RunStatus.Waiting && r.WaitEvent == accepted.Name && !db.RunInbox.Any(e => e.RunKey == r.Key && e.AppliedAt == null))).ToListAsync(cancellationToken);
                if (named.Count > 0) return named;
            }
        }
        var name = accepted.Name;
        var candidates = db.Runs.AsNoTracking().Where(r => r.SourceEventId != accepted.Id || r.SourceEventId == null)
            .Where(r => ((r.Status == RunStatus.Waiting || r.Status == RunStatus.Paused) && r.WaitEvent == name)
                        || r.Status == RunStatus.Pending || r.Status == RunStatus.Running);
        if (accepted.ContactId is { } one)
            return await candidates.Where(r => r.ContactId == one).Select(r => new Target(r.Id, r.Key, one, null,
                r.Status == RunStatus.Waiting && r.WaitEvent == name && !db.RunInbox.Any(e => e.RunKey == r.Key && e.AppliedAt == null))).ToListAsync(cancellationToken);
        var contactSet = contacts.ToHashSet();
        return (await candidates.Select(r => new Target(r.Id, r.Key, r.ContactId, null,
                r.Status == RunStatus.Waiting && r.WaitEvent == name && !db.RunInbox.Any(e => e.RunKey == r.Key && e.AppliedAt == null))).ToListAsync(cancellationToken))
            .Where(t => contactSet.Contains(t.ContactId)).ToList();
    }

    /// <summary>Moves the card's inbox state along (viewed, dismissed, completed) when the event names its delivery.</summary>
    private async Task UpdateCardInboxAsync(AcceptedEventRecord accepted, IReadOnlyDictionary<string, object?> properties, CancellationToken cancellationToken)
    {
        if (accepted.ContactId is not { } contactId || !InboxStates.TryGetValue(accepted.Name, out var state)) return;
        if (properties.GetValueOrDefault("deliveryId") is not string text || !Guid.TryParse(text, out var deliveryId)) return;
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Deliveries.Where(d => d.Id == deliveryId && d.ContactId == contactId && d.InboxState != null)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.InboxState, state).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }
}
