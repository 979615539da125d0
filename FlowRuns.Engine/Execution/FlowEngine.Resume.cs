using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Nodes.Http;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>Resuming suspended runs: timers, contact events, ended children, flows resumed after a pause, and recovery after a crash.</summary>
public sealed partial class FlowEngine
{
    private const int LoadChunk = 400;
    private static readonly HashSet<string> IdempotentMethods = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

    /// <summary>Resumes one run for <paramref name="reason"/>, or says why not. The walk goes on in the background.</summary>
    public async Task<ResumeOutcome> ResumeAsync(Guid runId, ResumeReason reason, CancellationToken cancellationToken = default) =>
        (await ResumeManyAsync([runId], reason, cancellationToken))[0];

    /// <summary>
    /// Resumes many runs for the same reason, claiming and loading them in chunks; one outcome per id, in order. A run
    /// another execution or engine holds right now is <see cref="ResumeStatus.Busy"/>; every claim not handed to a walk
    /// is given back, whatever happens (cancellation included).
    /// </summary>
    public async Task<IReadOnlyList<ResumeOutcome>> ResumeManyAsync(IReadOnlyList<Guid> runIds, ResumeReason reason, CancellationToken cancellationToken = default)
    {
        var outcomes = new ResumeOutcome[runIds.Count];
        // A timer or an event resume claims here only, and takes the lease with the walk's first write (see
        // ClaimOnFirstWrite): no write of its own. Other resumes claim in the store first, one write for all of them.
        var optimistic = reason is ResumeReason.Timer or ResumeReason.Event;
        var claimed = optimistic ? ClaimLocally(runIds) : await ClaimAsync(runIds);
        var handed = new HashSet<Guid>();
        try
        {
            for (var offset = 0; offset < runIds.Count; offset += LoadChunk)
            {
                var ids = runIds.Skip(offset).Take(LoadChunk).ToList();
                var toLoad = ids.Where(claimed.Contains).ToList();
                var stored = toLoad.Count == 0 ? [] : await LoadAsync(toLoad, cancellationToken);
                for (var i = 0; i < ids.Count; i++)
                {
                    var id = ids[i];
                    ResumeOutcome outcome;
                    if (!claimed.Contains(id)) outcome = new ResumeOutcome(ResumeStatus.Busy, $"Run {id:N} is being walked or resumed right now.");
                    else
                    {
                        try
                        {
                            outcome = stored.TryGetValue(id, out var run)
                                ? await ResumeLoadedAsync(run, reason, cancellationToken)
                                : new ResumeOutcome(ResumeStatus.NotFound, $"No run '{id:N}' exists.");
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            _logger.LogError(ex, "Run {RunId} could not be resumed", id);
                            outcome = new ResumeOutcome(ResumeStatus.NotWaiting, $"Run {id:N} could not be resumed: {ex.Message}");
                        }
                        if (outcome.Launched) handed.Add(id);
                    }
                    outcomes[offset + i] = outcome;
                }
            }
        }
        finally
        {
            foreach (var id in claimed.Where(id => !handed.Contains(id))) await SettleClaimAsync(id, resumePaused: reason is not ResumeReason.FlowResumed);
        }
        return outcomes;
    }

    private async Task<ResumeOutcome> ResumeLoadedAsync(StoredRun stored, ResumeReason reason, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        var loadedSequence = run.Sequence;
        var step = stored.LastStep;
        var now = _time.GetUtcNow();
        var refusal = (reason, run.Status) switch
        {
            (ResumeReason.Recovery, RunStatus.Running or RunStatus.Pending) => null,
            (ResumeReason.Recovery, _) => $"Run {run.Id:N} is {run.Status}, not interrupted.",
            (ResumeReason.FlowResumed, RunStatus.Paused) => null,
            (ResumeReason.FlowResumed, _) => $"Run {run.Id:N} is {run.Status}, not paused.",
            (_, not RunStatus.Waiting) => $"Run {run.Id:N} is {run.Status.ToString().ToLowerInvariant()}, not waiting.",
            (ResumeReason.Timer, _) when run.WakeAt is null => $"Run {run.Id:N} waits for {WaitDescription(run)} with no timeout; only that can resume it.",
            (ResumeReason.Event e, _) when run.WaitChildRunId is not null || run.WaitEvent != e.ContactEvent.Name =>
                $"Run {run.Id:N} waits for {WaitDescription(run)}, not the event '{e.ContactEvent.Name}'.",
            (ResumeReason.ChildEnded c, _) when run.WaitChildRunId != c.ChildId => $"Run {run.Id:N} does not wait for child {c.ChildId:N}.",
            _ => null,
        };
        if (refusal is not null) return new ResumeOutcome(ResumeStatus.NotWaiting, refusal);
        if (reason is ResumeReason.Timer && run.WakeAt > now)
            return new ResumeOutcome(ResumeStatus.TooEarly, $"Run {run.Id:N} waits until {run.WakeAt:u}; it is never resumed before its stored wake time.");
        if (step is null && reason is ResumeReason.Recovery or ResumeReason.FlowResumed)
        {
            // Stored (Pending, or paused before its first step) but not one step committed: the walk starts from the trigger.
            var fresh = await RehydrateAsync(stored, cancellationToken);
            if (fresh.Run.Status == RunStatus.Paused) fresh.SetStatus(RunStatus.Running);
            Launch(fresh, CompiledNodeRef.At(fresh.Flow.Graph.Trigger));
            return new ResumeOutcome(ResumeStatus.Resumed, $"Run {run.Id:N} starts from its trigger.", fresh) { Launched = true };
        }
        if (step is null) return new ResumeOutcome(ResumeStatus.NotWaiting, $"Run {run.Id:N} has no committed step to resume from.");

        var execution = await RehydrateAsync(stored, cancellationToken);
        if (reason is ResumeReason.Timer or ResumeReason.Event && !_leases.Holds(run.Id)) execution.ClaimOnFirstWrite(loadedSequence);
        try
        {
            return await ResumeExecutionAsync(execution, stored, step, reason, now, cancellationToken);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or IllegalTransitionException)
        {
            _logger.LogError(ex, "Run {RunId} cannot be resumed from what the store holds; it is failed", run.Id);
            await execution.FailUnresumableAsync(step.NodeId, ex);
            return new ResumeOutcome(ResumeStatus.NotWaiting, $"Run {run.Id:N} could not be resumed ({ex.Message}); it was failed.");
        }
    }

    private async Task<ResumeOutcome> ResumeExecutionAsync(RunExecution execution, StoredRun stored, StepRecord step, ResumeReason reason, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var run = stored.Run;
        var flow = execution.Flow;
        var node = flow.Graph.Nodes[step.NodeId];
        CompiledNodeRef? start;
        switch (reason)
        {
            case ResumeReason.Timer:
                execution.CompleteWaitingStep(step, node.Type is WaitNode ? WaitNode.TimeoutPort : Definitions.EdgeDefinition.DefaultPort,
                    new Dictionary<string, object?> { ["wokeAt"] = now });
                start = CompiledNodeRef.After(node, step);
                break;
            case ResumeReason.Event e:
                start = ResumeWithEvent(execution, node, step, e.ContactEvent, now);
                if (e.EventId is { } eventId)
                    execution.StageInboxApplied(new RunInboxRecord
                    {
                        RunKey = run.Key, EventId = eventId, Name = e.ContactEvent.Name, ContactId = run.ContactId,
                        Properties = StoredJson.Write(e.ContactEvent.Properties), ReceivedAt = now, AppliedAt = now, Outcome = "resumed",
                    });
                break;
            case ResumeReason.ChildEnded c:
                var child = (await LoadAsync([c.ChildId], cancellationToken)).GetValueOrDefault(c.ChildId);
                if (child is null || !IsFinished(child.Run.Status))
                    return new ResumeOutcome(ResumeStatus.NotWaiting, $"Child run {c.ChildId:N} has not ended.");
                var next = execution.ResumeAfterChild(node, step, child.Run, StoredJson.ReadMap(child.Run.Variables));
                start = next is null ? null : CompiledNodeRef.At(next);
                break;
            case ResumeReason.FlowResumed:
                if (run.WaitEvent is not null || run.WaitChildRunId is not null || run.WakeAt is not null)
                {
                    execution.SetStatus(RunStatus.Waiting);
                    start = null;
                }
                else
                {
                    execution.SetStatus(RunStatus.Running);
                    start = CompiledNodeRef.After(node, step);
                }
                break;
            case ResumeReason.Recovery:
                start = RecoveryStart(execution, node, step);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown resume reason.");
        }
        if (start is null)
        {
            await execution.FlushOrCancelAsync();
            execution.Settled = Task.CompletedTask;
            return new ResumeOutcome(ResumeStatus.Resumed, $"Run {run.Id:N} is {run.Status.ToString().ToLowerInvariant()}.", execution);
        }
        Launch(execution, start);
        return new ResumeOutcome(ResumeStatus.Resumed, $"Run {run.Id:N} goes on from '{node.Id}'.", execution) { Launched = true };
    }

    /// <summary>Finishes a wait step with the contact event it waited for; committed with the walk's first write (see <see cref="RunExecution.WalkCommitted"/>).</summary>
    private static CompiledNodeRef ResumeWithEvent(RunExecution execution, CompiledNode node, StepRecord step, ContactEvent contactEvent, DateTimeOffset now)
    {
        execution.Variables.Event = contactEvent.AsVariables();
        execution.Run.ResumeEvent = StoredJson.Write(execution.Variables.Event);
        execution.RecordContactEvent(contactEvent, step.Sequence);
        execution.CompleteWaitingStep(step, WaitNode.EventPort, new Dictionary<string, object?> { ["receivedAt"] = now, ["eventProperties"] = contactEvent.Properties });
        return CompiledNodeRef.After(node, step);
    }

    private static string WaitDescription(RunRecord run) =>
        run.WaitChildRunId is { } child ? $"its child run {child:N}" : run.WaitEvent is { } name ? $"the event '{name}'" : "its timer";

    /// <summary>
    /// Where an interrupted run continues. A step that had finished: after it. A step in flight: an http call with an
    /// idempotent method (GET, HEAD, PUT, DELETE, OPTIONS) is made again as attempt n+1; a POST or PATCH is not repeated —
    /// the step fails with INTERRUPTED (its error edge is taken when there is one); a send through an outside provider is
    /// sent again with the same idempotency key, so the provider delivers it once.
    /// </summary>
    private static CompiledNodeRef RecoveryStart(RunExecution execution, CompiledNode node, StepRecord step)
    {
        if (step.Status != StepStatus.Running) return CompiledNodeRef.After(node, step);
        if (node.Type is HttpNode)
        {
            var method = ((HttpNode.Settings)node.Config).Method;
            if (IdempotentMethods.Contains(method))
            {
                step.Attempt++;
                return CompiledNodeRef.Retry(node, step);
            }
            StatusTransitions.Move(step, StepStatus.Failed);
            step.ErrorCode = FailureCodes.Interrupted;
            step.ErrorMessage = $"The process stopped during this {method} call; it was not repeated, since {method} may not be safe to send twice.";
            step.EndedAt = step.StartedAt;
            step.Port = execution.Flow.Graph.HasEdge(node.Id, HttpNode.ErrorPort) ? HttpNode.ErrorPort : null;
            execution.StageStep(step);
            return CompiledNodeRef.After(node, step);
        }
        return CompiledNodeRef.Retry(node, step);
    }

    /// <summary>Rebuilds an execution from a stored run: its version, contact, variables, event and step outputs.</summary>
    private async Task<RunExecution> RehydrateAsync(StoredRun stored, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        var flow = await _catalog.GetAsync(run.FlowId, run.Version, cancellationToken);
        var contact = run.MockContact is { } mock
            ? MockContacts.FromJson(mock)
            : await _contacts.FindAsync(run.ContactId, cancellationToken) ?? new ContactSnapshot(run.ContactId, null, null, null, new Dictionary<string, object?>());
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, object?>>();
        foreach (var step in stored.Steps) outputs[step.NodeId] = StoredJson.ReadMap(step.Output);
        var lastEvent = run.ResumeEvent ?? run.Event;
        var variables = new RunVariables(contact, StoredJson.ReadMap(run.Variables), lastEvent is null ? null : StoredJson.ReadMap(lastEvent),
            outputs, _options.Secrets, _time);
        var execution = NewExecution(flow, run, variables, depth: 0, persisted: true);
        execution.MarkPersisted(stored.Steps);
        _claims[run.Id] = execution;
        return execution;
    }

    private async Task<Dictionary<Guid, StoredRun>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var keys = runs.Select(r => r.Key).ToList();
        var steps = (await db.Steps.AsNoTracking().Where(s => keys.Contains(s.RunKey)).ToListAsync(cancellationToken))
            .GroupBy(s => s.RunKey).ToDictionary(g => g.Key, g => (IReadOnlyList<StepRecord>)g.OrderBy(s => s.Sequence).ToList());
        return runs.ToDictionary(r => r.Id, r => new StoredRun(r, steps.GetValueOrDefault(r.Key, [])));
    }

    /// <summary>
    /// Recovery, at start and then every half lease on every engine: continues every Pending or Running run whose lease
    /// expired or was given back (its engine stopped or died), resumes every parent whose subflow child ended without the
    /// parent going on, continues paused runs whose flow is active again, and applies inboxes left unapplied. Returns how many runs were resumed.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var now = TimeProvider.System.GetUtcNow();
        await _catalog.RefreshAsync(cancellationToken);
        List<Guid> orphaned, inboxes, unpaused;
        List<(Guid Parent, Guid Child)> parents;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            orphaned = await db.Runs.AsNoTracking()
                .Where(r => (r.Status == RunStatus.Pending || r.Status == RunStatus.Running) && (r.LeaseOwner == null || r.LeaseUntil < now))
                .OrderBy(r => r.Key).Select(r => r.Id).ToListAsync(cancellationToken);
            parents = (await (from parent in db.Runs.AsNoTracking()
                              join child in db.Runs.AsNoTracking() on parent.WaitChildRunId equals child.Id
                              where parent.Status == RunStatus.Waiting && parent.WaitChildRunId != null
                                    && (child.Status == RunStatus.Completed || child.Status == RunStatus.Failed || child.Status == RunStatus.Cancelled)
                              select new { parent.Id, Child = child.Id }).ToListAsync(cancellationToken))
                .Select(p => (p.Id, p.Child)).ToList();
            unpaused = await (from run in db.Runs.AsNoTracking()
                              join flow in db.Flows.AsNoTracking() on run.FlowId equals flow.Id
                              where run.Status == RunStatus.Paused && flow.Status == FlowStatus.Active && (run.LeaseOwner == null || run.LeaseUntil < now)
                              select run.Id).ToListAsync(cancellationToken);
            inboxes = await (from entry in db.RunInbox.AsNoTracking()
                             join run in db.Runs.AsNoTracking() on entry.RunKey equals run.Key
                             where entry.AppliedAt == null && run.Status != RunStatus.Paused && run.Status != RunStatus.Pending && run.Status != RunStatus.Running
                                   && (run.LeaseOwner == null || run.LeaseUntil < now)
                             select run.Id).Distinct().ToListAsync(cancellationToken);
        }
        orphaned = orphaned.Where(id => !_claims.ContainsKey(id)).ToList();
        var recovered = (await ResumeManyAsync(orphaned, new ResumeReason.Recovery(), cancellationToken)).Count(o => o.Resumed);
        foreach (var (parent, child) in parents.Where(p => !_claims.ContainsKey(p.Parent)))
            if ((await ResumeAsync(parent, new ResumeReason.ChildEnded(child), cancellationToken)).Resumed) recovered++;
        // Paused runs of a flow resumed meanwhile (by another engine, or while they were held here) go on.
        recovered += (await ResumeManyAsync(unpaused.Where(id => !_claims.ContainsKey(id)).ToList(), new ResumeReason.FlowResumed(), cancellationToken)).Count(o => o.Resumed);
        inboxes = inboxes.Where(id => !_claims.ContainsKey(id)).ToList();
        if (inboxes.Count > 0) await DrainAsync(inboxes, cancellationToken);
        if (recovered > 0) _logger.LogInformation("Recovered {Count} runs whose engine stopped or died", recovered);
        return recovered;
    }
}
