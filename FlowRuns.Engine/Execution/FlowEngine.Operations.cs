using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Execution;

/// <summary>Operating on runs and flows: cancel, replay, pause, resume and deactivate.</summary>
public sealed partial class FlowEngine
{
    /// <summary>
    /// Cancels a run: a walking run stops at the step it is in, a waiting or paused run abandons its wait (a subflow's
    /// child is cancelled with it). Nothing further is sent. Who cancelled is recorded.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(Guid runId, string by, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (_claims.TryGetValue(runId, out var active))
            {
                if (active is not null)
                {
                    active.RequestCancel(by);
                    try { await active.Settled.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken); }
                    catch (TimeoutException) { }
                }
                else await Task.Delay(10, cancellationToken);
                continue;
            }
            if (!_claims.TryAdd(runId, null)) continue;
            try
            {
                var stored = (await LoadAsync([runId], cancellationToken)).GetValueOrDefault(runId);
                if (stored is null) return new CancelOutcome(CancelStatus.NotFound, $"No run '{runId:N}' exists.");
                if (IsFinished(stored.Run.Status))
                    return new CancelOutcome(CancelStatus.AlreadyEnded, $"Run {runId:N} already ended {stored.Run.Status.ToString().ToLowerInvariant()}; there is nothing to cancel.");
                var childId = stored.Run.WaitingFor is { } waiting && waiting.StartsWith(RunExecution.SubflowWaitPrefix) && Guid.TryParse(waiting[RunExecution.SubflowWaitPrefix.Length..], out var id) ? id : (Guid?)null;
                var execution = await RehydrateAsync(stored, cancellationToken);
                var last = stored.LastStep;
                execution.CancelRun(last is { Status: StepStatus.Waiting or StepStatus.Running } ? last : null, by);
                await execution.FlushAsync();
                if (childId is { } child) await CancelAsync(child, by, cancellationToken);
                return new CancelOutcome(CancelStatus.Cancelled, $"Run {runId:N} was cancelled by {by}.");
            }
            finally
            {
                _claims.TryRemove(runId, out _);
            }
        }
        throw new TimeoutException($"Run {runId:N} stayed busy; try to cancel it again.");
    }

    /// <summary>
    /// Starts a new run linked to <paramref name="runId"/> by <c>replayOf</c>: the original trigger data and event (or
    /// <paramref name="data"/>), for the same contact, on the original version or the flow's current one.
    /// </summary>
    public async Task<RunExecution?> ReplayAsync(Guid runId, IReadOnlyDictionary<string, object?>? data, bool currentVersion, CancellationToken cancellationToken = default)
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
            Version = currentVersion ? null : original.Version,
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
            if (!_claims.TryAdd(runId, null)) continue;
            try
            {
                var stored = (await LoadAsync([runId], cancellationToken)).GetValueOrDefault(runId);
                if (stored?.Run.Status != RunStatus.Waiting) continue;
                var execution = await RehydrateAsync(stored, cancellationToken);
                execution.SetStatus(RunStatus.Paused);
                await execution.FlushAsync();
                paused++;
            }
            finally
            {
                _claims.TryRemove(runId, out _);
            }
        }
        return paused;
    }

    /// <summary>Resumes a paused flow: paused runs wait again (or walk on), and a timer that fell due meanwhile fires at once.</summary>
    public async Task<int> ResumeFlowAsync(string key, CancellationToken cancellationToken = default)
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
