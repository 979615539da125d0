using Microsoft.Extensions.Logging;
using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Execution;

/// <summary>Operating on runs and flows: cancel, replay, pause, resume and deactivate.</summary>
public sealed partial class FlowEngine
{
    /// <summary>
    /// Cancels a run: a walking run stops at the step it is in, a waiting or paused run abandons its wait (a subflow's
    /// child is cancelled with it). Nothing further is sent. Who cancelled is recorded. A run walked by another engine
    /// is marked in the store: that engine's next write is refused and it cancels the run; this call answers once the
    /// run is cancelled (or, if that engine died, takes the run over when its lease expires and cancels it here).
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(Guid runId, string by, CancellationToken cancellationToken = default)
    {
        var requested = false;
        var patience = TimeSpan.FromMilliseconds(5);
        var deadline = TimeProvider.System.GetUtcNow() + _options.LeaseDuration * 2 + TimeSpan.FromSeconds(10);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_claims.TryGetValue(runId, out var active))
            {
                if (active is not null)
                {
                    requested = true;
                    active.RequestCancel(by);
                    try { await active.Settled.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken); }
                    catch (TimeoutException) { }
                }
                else await Task.Delay(patience, cancellationToken); // being loaded here: it is handed to a walk or let go in a moment
                continue;
            }
            var claimed = await ClaimAsync([runId]);
            if (claimed.Count == 1)
            {
                Guid? childId = null;
                try
                {
                    var stored = (await LoadAsync([runId], cancellationToken)).GetValueOrDefault(runId);
                    if (stored is null) return new CancelOutcome(CancelStatus.NotFound, $"No run '{runId:N}' exists.");
                    if (IsFinished(stored.Run.Status))
                        return stored.Run.Status == RunStatus.Cancelled && requested
                            ? new CancelOutcome(CancelStatus.Cancelled, $"Run {runId:N} was cancelled by {stored.Run.CancelledBy ?? by}.")
                            : new CancelOutcome(CancelStatus.AlreadyEnded, $"Run {runId:N} already ended {stored.Run.Status.ToString().ToLowerInvariant()}; there is nothing to cancel.");
                    // A Pending or Running run claimed here was interrupted (its engine stopped, its lease expired): it is cancelled here.
                    childId = stored.Run.WaitChildRunId;
                    var execution = await RehydrateAsync(stored, cancellationToken);
                    var last = stored.LastStep;
                    execution.CancelRun(last is { Status: StepStatus.Waiting or StepStatus.Running } ? last : null, by);
                    await execution.FlushOrCancelAsync();
                }
                catch (LeaseLostException)
                {
                    // Its lease ran out before the cancel was written and another engine took the run: nothing of this
                    // cancel was kept; go round again (claim it, or ask that engine in the store).
                    continue;
                }
                finally
                {
                    await SettleClaimAsync(runId);
                }
                if (childId is { } child) await CancelAsync(child, by, cancellationToken);
                return new CancelOutcome(CancelStatus.Cancelled, $"Run {runId:N} was cancelled by {by}.");
            }
            // Another engine holds it: ask in the store, then wait for that engine to cancel it (or for its lease to expire).
            if (!requested)
            {
                requested = true;
                await _writer.RequestCancelAsync(runId, by);
                _changes.Publish(new StoreChange(StoreChangeKind.RunCancelRequested, runId.ToString("N")));
            }
            var state = await RunStateAsync(runId, cancellationToken);
            if (state is null) return new CancelOutcome(CancelStatus.NotFound, $"No run '{runId:N}' exists.");
            if (IsFinished(state.Value.Status))
                return state.Value.Status == RunStatus.Cancelled
                    ? new CancelOutcome(CancelStatus.Cancelled, $"Run {runId:N} was cancelled by {state.Value.CancelledBy ?? by}.")
                    : new CancelOutcome(CancelStatus.AlreadyEnded, $"Run {runId:N} ended {state.Value.Status.ToString().ToLowerInvariant()} before the cancel reached it.");
            await Task.Delay(patience, cancellationToken);
            patience = TimeSpan.FromTicks(Math.Min(patience.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
        }
        throw new TimeoutException($"Run {runId:N} stayed busy; try to cancel it again.");
    }

    private async Task<(RunStatus Status, string? CancelledBy)?> RunStateAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Status, r.CancelledBy }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Status, row.CancelledBy);
    }

    /// <summary>After each lease renewal: runs walked here that another engine asked to cancel stop at the step they are in.</summary>
    private async Task CheckCancelRequestsAsync(IReadOnlyCollection<Guid> held)
    {
        try
        {
            var ids = held.ToList();
            await using var db = await _contexts.CreateDbContextAsync();
            foreach (var chunk in ids.Chunk(500))
            {
                var requests = await db.Runs.AsNoTracking().Where(r => chunk.Contains(r.Id) && r.CancelRequestedBy != null)
                    .Select(r => new { r.Id, r.CancelRequestedBy }).ToListAsync();
                foreach (var request in requests)
                    if (_claims.TryGetValue(request.Id, out var walking) && walking is not null) walking.RequestCancel(request.CancelRequestedBy!);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Looking for cancel requests failed; the next renewal looks again");
        }
    }

    /// <summary>
    /// Starts a new run linked to <paramref name="runId"/> by <c>replayOf</c>: the original trigger data and event (or
    /// <paramref name="data"/>), for the same contact, on the original version or the flow's current one.
    /// </summary>
    public async Task<RunExecution?> ReplayAsync(Guid runId, IReadOnlyDictionary<string, object?>? data, ReplayVersion version, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var original = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (original is null) return null;
        var flowKey = await db.Flows.Where(f => f.Id == original.FlowId).Select(f => f.Key).SingleAsync(cancellationToken);
        return await StartAsync(new StartRunRequest(flowKey, RunTrigger.Replay)
        {
            ContactId = original.MockContact is null ? original.ContactId : null,
            MockContact = original.MockContact is { } mock ? MockContacts.FromJson(mock) : null,
            Data = data ?? StoredJson.ReadMap(original.TriggerData),
            Event = original.Event is null ? null : StoredJson.ReadMap(original.Event),
            Version = version.Current ? null : version.Number ?? original.Version,
            ReplayOf = original.Id,
            IsTest = original.IsTest,
        }, cancellationToken);
    }

    /// <summary>Pauses a flow: it starts no runs, its waiting runs become Paused (timers held), walking runs pause at their next step.</summary>
    public async Task<int> PauseFlowAsync(string key, CancellationToken cancellationToken = default)
    {
        var flow = await _catalog.SetStatusAsync(key, FlowStatus.Paused, cancellationToken);
        var waiting = await RunsOfFlowAsync(flow.Id, [RunStatus.Waiting], cancellationToken);
        var paused = 0;
        foreach (var runId in waiting)
        {
            if ((await ClaimAsync([runId])).Count == 0) continue;
            try
            {
                var stored = (await LoadAsync([runId], cancellationToken)).GetValueOrDefault(runId);
                if (stored?.Run.Status != RunStatus.Waiting) continue;
                var execution = await RehydrateAsync(stored, cancellationToken);
                execution.SetStatus(RunStatus.Paused);
                await execution.FlushOrCancelAsync();
                paused++;
            }
            catch (LeaseLostException)
            {
                // Another engine took the run over meanwhile (the lease ran out): it sees the flow paused at its next step.
            }
            finally
            {
                await SettleClaimAsync(runId, drain: false);
            }
        }
        return paused;
    }

    /// <summary>Resumes a paused flow: paused runs wait again (or walk on), and a timer that fell due meanwhile fires at once.</summary>
    public Task<int> ResumeFlowAsync(string key, CancellationToken cancellationToken = default) => ActivateFlowAsync(key, cancellationToken);

    /// <summary>
    /// Makes a flow Active, whatever it was (a Draft, paused, inactive): its trigger starts runs from now on, and runs a
    /// pause held go on (<see cref="ResumeFlowAsync"/>). Returns how many runs went on.
    /// </summary>
    public async Task<int> ActivateFlowAsync(string key, CancellationToken cancellationToken = default)
    {
        var flow = await _catalog.SetStatusAsync(key, FlowStatus.Active, cancellationToken);
        var paused = await RunsOfFlowAsync(flow.Id, [RunStatus.Paused], cancellationToken);
        var outcomes = await ResumeManyAsync(paused, new ResumeReason.FlowResumed(), cancellationToken);
        TimersChanged?.Invoke();
        return outcomes.Count(o => o.Resumed);
    }

    /// <summary>Deactivates a flow: it starts no runs, and its active runs are cancelled.</summary>
    public async Task<int> DeactivateFlowAsync(string key, string by, CancellationToken cancellationToken = default)
    {
        var flow = await _catalog.SetStatusAsync(key, FlowStatus.Inactive, cancellationToken);
        var active = await RunsOfFlowAsync(flow.Id, [RunStatus.Pending, RunStatus.Running, RunStatus.Waiting, RunStatus.Paused], cancellationToken);
        var cancelled = 0;
        foreach (var runId in active)
            if ((await CancelAsync(runId, by, cancellationToken)).Status == CancelStatus.Cancelled) cancelled++;
        return cancelled;
    }

    /// <summary>Raised when wake times may have moved earlier (a flow resumed): the scheduler looks again.</summary>
    public event Action? TimersChanged;

    internal void OnTimerScheduled() => TimersChanged?.Invoke();

    private async Task<List<Guid>> RunsOfFlowAsync(int flowId, RunStatus[] statuses, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().Where(r => r.FlowId == flowId && statuses.Contains(r.Status)).Select(r => r.Id).ToListAsync(cancellationToken);
    }
}
