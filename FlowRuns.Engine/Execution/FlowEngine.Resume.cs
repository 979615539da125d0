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

    /// <summary>Resumes many runs for the same reason, loading them in chunks; one outcome per id, in order.</summary>
    public async Task<IReadOnlyList<ResumeOutcome>> ResumeManyAsync(IReadOnlyList<Guid> runIds, ResumeReason reason, CancellationToken cancellationToken = default)
    {
        var outcomes = new ResumeOutcome[runIds.Count];
        for (var offset = 0; offset < runIds.Count; offset += LoadChunk)
        {
            var chunk = new List<(int Index, Guid Id)>();
            for (var i = offset; i < Math.Min(runIds.Count, offset + LoadChunk); i++)
            {
                if (_claims.TryAdd(runIds[i], null)) chunk.Add((i, runIds[i]));
                else outcomes[i] = new ResumeOutcome(ResumeStatus.Busy, $"Run {runIds[i]:N} is being walked or resumed right now.");
            }
            if (chunk.Count == 0) continue;
            var stored = await LoadAsync(chunk.Select(c => c.Id).ToList(), cancellationToken);
            foreach (var (index, id) in chunk)
            {
                ResumeOutcome outcome;
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
                if (!outcome.Resumed) _claims.TryRemove(id, out _);
                outcomes[index] = outcome;
            }
        }
        return outcomes;
    }

    private async Task<ResumeOutcome> ResumeLoadedAsync(StoredRun stored, ResumeReason reason, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        var step = stored.LastStep;
        var now = _time.GetUtcNow();
        var refusal = (reason, run.Status) switch
        {
            (ResumeReason.Recovery, RunStatus.Running) => null,
            (ResumeReason.Recovery, _) => $"Run {run.Id:N} is {run.Status}, not interrupted.",
            (ResumeReason.FlowResumed, RunStatus.Paused) => null,
            (ResumeReason.FlowResumed, _) => $"Run {run.Id:N} is {run.Status}, not paused.",
            (_, not RunStatus.Waiting) => $"Run {run.Id:N} is {run.Status.ToString().ToLowerInvariant()}, not waiting.",
            (ResumeReason.Timer, _) when run.WakeAt is null => $"Run {run.Id:N} waits for '{run.WaitingFor}' with no timeout; only that can resume it.",
            (ResumeReason.Event e, _) when run.WaitingFor != e.ContactEvent.Name => $"Run {run.Id:N} waits for '{run.WaitingFor ?? "its timer"}', not '{e.ContactEvent.Name}'.",
            (ResumeReason.ChildEnded c, _) when run.WaitingFor != RunExecution.SubflowWaitPrefix + c.ChildId.ToString("N") => $"Run {run.Id:N} does not wait for child {c.ChildId:N}.",
            _ => null,
        };
        if (refusal is not null) return new ResumeOutcome(ResumeStatus.NotWaiting, refusal);
        if (reason is ResumeReason.Timer && run.WakeAt > now)
            return new ResumeOutcome(ResumeStatus.TooEarly, $"Run {run.Id:N} waits until {run.WakeAt:u}; it is never resumed before its stored wake time.");
        if (step is null) return new ResumeOutcome(ResumeStatus.NotWaiting, $"Run {run.Id:N} has no committed step to resume from.");

        var execution = await RehydrateAsync(stored, cancellationToken);
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
                execution.Variables.Event = e.ContactEvent.AsVariables();
                execution.Run.ResumeEvent = StoredJson.Write(execution.Variables.Event);
                execution.RecordContactEvent(e.ContactEvent, step.Sequence);
                execution.CompleteWaitingStep(step, WaitNode.EventPort, new Dictionary<string, object?> { ["receivedAt"] = now, ["eventProperties"] = e.ContactEvent.Properties });
                execution.CommitBeforeWalk = true; // the event is accepted: committed before the walk goes on
                start = CompiledNodeRef.After(node, step);
                break;
            case ResumeReason.ChildEnded c:
                var child = (await LoadAsync([c.ChildId], cancellationToken)).GetValueOrDefault(c.ChildId);
                if (child is null || !IsFinished(child.Run.Status))
                    return new ResumeOutcome(ResumeStatus.NotWaiting, $"Child run {c.ChildId:N} has not ended.");
                var next = execution.ResumeAfterChild(node, step, child.Run, StoredJson.ReadMap(child.Run.Variables));
                start = next is null ? null : CompiledNodeRef.At(next);
                break;
            case ResumeReason.FlowResumed:
                if (run.WaitingFor is not null || run.WakeAt is not null)
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
            await execution.FlushAsync();
            _claims.TryRemove(run.Id, out _);
            execution.Settled = Task.CompletedTask;
            return new ResumeOutcome(ResumeStatus.Resumed, $"Run {run.Id:N} is {run.Status.ToString().ToLowerInvariant()}.", execution);
        }
        Launch(execution, start);
        return new ResumeOutcome(ResumeStatus.Resumed, $"Run {run.Id:N} goes on from '{node.Id}'.", execution);
    }

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
            step.Status = StepStatus.Failed;
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
        execution.MarkPersisted(stored.Steps.Select(s => s.Sequence));
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
    /// After a restart: continues every run that was running when the process stopped, and every parent whose subflow
    /// child ended without the parent going on. Returns how many runs were resumed.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var running = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Running).OrderBy(r => r.Key).Select(r => r.Id).ToListAsync(cancellationToken);
        var parents = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Waiting && r.WaitingFor != null && r.WaitingFor.StartsWith(RunExecution.SubflowWaitPrefix))
            .Select(r => new { r.Id, r.WaitingFor }).ToListAsync(cancellationToken);
        var recovered = (await ResumeManyAsync(running, new ResumeReason.Recovery(), cancellationToken)).Count(o => o.Resumed);
        foreach (var parent in parents)
        {
            if (!Guid.TryParse(parent.WaitingFor![RunExecution.SubflowWaitPrefix.Length..], out var childId)) continue;
            var child = await db.Runs.AsNoTracking().Where(r => r.Id == childId).Select(r => new { r.Status }).SingleOrDefaultAsync(cancellationToken);
            if (child is not null && IsFinished(child.Status) && (await ResumeAsync(parent.Id, new ResumeReason.ChildEnded(childId), cancellationToken)).Resumed)
                recovered++;
        }
        if (recovered > 0) _logger.LogInformation("Recovered {Count} runs interrupted by the last stop", recovered);
        return recovered;
    }
}
