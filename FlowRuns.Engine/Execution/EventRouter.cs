using FlowRuns.Engine.Events;
using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Routes contact events. For each contact concerned: starts a run of every active flow triggered by the event's name,
/// resumes the runs waiting for it (only the named run when the event names a <c>runId</c> or <c>deliveryId</c>), and
/// files the event under the run and step it concerns. Many contacts are handled in parallel, with a bound; one that
/// fails is reported and does not stop the others.
/// </summary>
public sealed class EventRouter(
    FlowCatalog catalog, FlowEngine engine, AudienceResolver audiences, IDbContextFactory<FlowRunsDbContext> contexts,
    RunWriter writer, TimeProvider time, ILogger<EventRouter> logger)
{
    private static readonly Dictionary<string, string> InboxStates = new()
    {
        ["card.viewed"] = "viewed",
        ["card.dismissed"] = "dismissed",
        ["card.completed"] = "completed",
    };

    /// <summary>One contact's event. Waits until the runs it started are stored.</summary>
    public async Task<EventOutcome> PostAsync(ContactEvent contactEvent, CancellationToken cancellationToken = default)
    {
        var link = await FindLinkAsync(contactEvent, cancellationToken);
        var flows = await catalog.FlowsTriggeredByAsync(contactEvent.Name, cancellationToken);
        var started = new List<string>();
        var failures = new List<EventFailure>();
        foreach (var flowKey in flows)
        {
            var run = await StartAsync(flowKey, contactEvent, failures, cancellationToken);
            if (run is null) continue;
            await Task.WhenAny(run.Committed, run.Settled);
            started.Add(run.Id.ToString("N"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Runs.AsNoTracking()
            .Where(r => r.ContactId == contactEvent.ContactId && r.WaitingFor == contactEvent.Name && r.Status == RunStatus.Waiting)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        if (link is not null) waiting = waiting.Where(id => id == link.RunId).ToList();
        var resumed = await ResumeAsync(waiting, contactEvent, failures, cancellationToken, waitForCommit: true);

        if (link is not null)
        {
            await UpdateInboxAsync(link, contactEvent, cancellationToken);
            if (!resumed.Contains(link.RunId.ToString("N"))) await FileUnderLinkAsync(link, contactEvent, cancellationToken);
        }
        return new EventOutcome(started, resumed, failures);
    }

    /// <summary>An event for every contact the audience matches. Answers once every run is started or resumed, not finished.</summary>
    public async Task<EventOutcome> PostToAudienceAsync(string name, IReadOnlyDictionary<string, object?> properties, CompiledExpression audience, CancellationToken cancellationToken = default)
    {
        var contacts = await audiences.MatchAsync(audience, cancellationToken);
        var contactSet = contacts.ToHashSet();
        var failures = new List<EventFailure>();
        var flows = await catalog.FlowsTriggeredByAsync(name, cancellationToken);
        var started = new List<string>();
        foreach (var flowKey in flows)
        {
            var runs = new RunExecution?[contacts.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, contacts.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) => runs[i] = await StartAsync(flowKey, new ContactEvent(contacts[i], name, properties), failures, ct));
            var launched = runs.OfType<RunExecution>().ToList();
            started.AddRange(launched.Select(r => r.Id.ToString("N")));
            // Answer once the runs are stored (or after 2 s), not once they finish.
            await Task.WhenAny(Task.WhenAll(launched.Select(r => Task.WhenAny(r.Committed, r.Settled))), Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = (await db.Runs.AsNoTracking()
                .Where(r => r.WaitingFor == name && r.Status == RunStatus.Waiting)
                .Select(r => new { r.Id, r.ContactId }).ToListAsync(cancellationToken))
            .Where(r => contactSet.Contains(r.ContactId)).Select(r => r.Id).ToList();
        var resumed = await ResumeAsync(waiting, new ContactEvent("(audience)", name, properties), failures, cancellationToken);
        logger.LogInformation("Event {Event} for an audience of {Contacts} contacts: {Started} runs started, {Resumed} resumed", name, contacts.Count, started.Count, resumed.Count);
        return new EventOutcome(started, resumed, failures);
    }

    private async Task<RunExecution?> StartAsync(string flowKey, ContactEvent contactEvent, List<EventFailure> failures, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.StartAsync(new StartRunRequest(flowKey, RunTrigger.Event) { ContactId = contactEvent.ContactId, Event = contactEvent.AsVariables() }, cancellationToken);
        }
        catch (Exception ex) when (ex is FlowNotActiveException or FlowNotFoundException or ContactNotFoundException)
        {
            lock (failures) failures.Add(new EventFailure(contactEvent.ContactId, flowKey, ex.Message));
            return null;
        }
    }

    private async Task<List<string>> ResumeAsync(List<Guid> waiting, ContactEvent contactEvent, List<EventFailure> failures, CancellationToken cancellationToken, bool waitForCommit = false)
    {
        var outcomes = await engine.ResumeManyAsync(waiting, new ResumeReason.Event(contactEvent), cancellationToken);
        if (waitForCommit)
        {
            // One contact's event: answer once each resume is durable.
            var committed = outcomes.Where(o => o.Resumed && o.Execution is not null).Select(o => o.Execution!.WalkCommitted);
            try { await Task.WhenAll(committed).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken); }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Not every resume of {Event} was committed before the answer", contactEvent.Name);
            }
        }
        var resumed = new List<string>();
        for (var i = 0; i < waiting.Count; i++)
        {
            if (outcomes[i].Resumed) resumed.Add(waiting[i].ToString("N"));
            else if (outcomes[i].Status != ResumeStatus.NotWaiting) failures.Add(new EventFailure(contactEvent.ContactId, null, outcomes[i].Message));
        }
        return resumed;
    }

    private sealed record RunLink(Guid RunId, long RunKey, int? StepSequence, Guid? DeliveryId, string FlowKey, int Sequence);

    /// <summary>The run (and step) an event names through <c>deliveryId</c> or <c>runId</c>, when it names one that exists.</summary>
    private async Task<RunLink?> FindLinkAsync(ContactEvent contactEvent, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (contactEvent.Properties.GetValueOrDefault("deliveryId") is string deliveryText && Guid.TryParse(deliveryText, out var deliveryId))
        {
            var delivery = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId && d.ContactId == contactEvent.ContactId)
                .Select(d => new { d.RunKey, d.StepSequence }).SingleOrDefaultAsync(cancellationToken);
            if (delivery?.RunKey is { } key) return await LinkAsync(db, r => r.Key == key, delivery.StepSequence, deliveryId, cancellationToken);
        }
        if (contactEvent.Properties.GetValueOrDefault("runId") is string runText && Guid.TryParse(runText, out var runId))
            return await LinkAsync(db, r => r.Id == runId && r.ContactId == contactEvent.ContactId, null, null, cancellationToken);
        return null;
    }

    private static async Task<RunLink?> LinkAsync(FlowRunsDbContext db, System.Linq.Expressions.Expression<Func<RunRecord, bool>> which, int? step, Guid? deliveryId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().Where(which).Select(r => new { r.Id, r.Key, r.FlowId, r.Sequence, r.StepCount }).SingleOrDefaultAsync(cancellationToken);
        if (run is null) return null;
        var flowKey = await db.Flows.Where(f => f.Id == run.FlowId).Select(f => f.Key).SingleAsync(cancellationToken);
        return new RunLink(run.Id, run.Key, step ?? (run.StepCount > 0 ? run.StepCount : null), deliveryId, flowKey, run.Sequence);
    }

    /// <summary>Moves the card's inbox state along (viewed, dismissed, completed) when the event names its delivery.</summary>
    private async Task UpdateInboxAsync(RunLink link, ContactEvent contactEvent, CancellationToken cancellationToken)
    {
        if (link.DeliveryId is not { } deliveryId || !InboxStates.TryGetValue(contactEvent.Name, out var state)) return;
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Deliveries.Where(d => d.Id == deliveryId && d.InboxState != null)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.InboxState, state).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Files the event under the run and step it names.</summary>
    private async Task FileUnderLinkAsync(RunLink link, ContactEvent contactEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changes = new RunChangeSet();
        changes.Events.Add(new RunEventRecord { RunKey = link.RunKey, StepSequence = link.StepSequence, Name = contactEvent.Name, At = now, Properties = StoredJson.Write(contactEvent.Properties) });
        changes.Notifications.Add(new RunEventAdded(link.RunId, link.FlowKey, link.Sequence, now, contactEvent.Name, link.StepSequence));
        await writer.CommitAsync(changes);
    }
}
