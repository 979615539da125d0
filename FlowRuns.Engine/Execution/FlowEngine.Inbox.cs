using Microsoft.Extensions.Logging;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// A run's inbox: contact events addressed to a run are committed there first (by the <see cref="EventRouter"/>), then
/// applied by whichever engine holds the run — now, if the run is free, or when it next suspends. In order: an event the
/// run waits for resumes it; any other is filed on the run as "arrived, not awaited". Nothing addressed to a run is dropped.
/// </summary>
public sealed partial class FlowEngine
{
    /// <summary>
    /// Applies the unapplied inbox entries of <paramref name="runIds"/> whose runs are free; returns what became of each
    /// entry applied (an entry missing from the answer stays queued: its run is busy and applies it when it suspends).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, (InboxOutcome Outcome, RunExecution? Execution)>> DrainAsync(IReadOnlyList<Guid> runIds, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<long, (InboxOutcome, RunExecution?)>();
        // One claim for all of them (one write), then loaded and applied a chunk at a time.
        var all = await ClaimAsync(runIds.Distinct().ToList());
        var settled = new HashSet<Guid>();
        try
        {
            foreach (var chunk in all.Chunk(LoadChunk))
                await DrainClaimedAsync(chunk.ToHashSet(), result, settled, cancellationToken);
        }
        finally
        {
            foreach (var id in all.Where(id => !settled.Contains(id))) await SettleClaimAsync(id, drain: false);
        }
        return result;
    }

    /// <summary>Applies the inboxes of runs claimed for it; every claim not handed to a walk is settled (and noted in <paramref name="settled"/>).</summary>
    private async Task DrainClaimedAsync(HashSet<Guid> claimed, Dictionary<long, (InboxOutcome, RunExecution?)> result, HashSet<Guid> settled,
        CancellationToken cancellationToken)
    {
        {
            var handed = new HashSet<Guid>();
            var applied = new HashSet<Guid>();
            try
            {
                var stored = await LoadAsync(claimed.ToList(), cancellationToken);
                var keys = stored.Values.Select(r => r.Run.Key).ToList();
                List<RunInboxRecord> entries;
                await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
                    entries = await db.RunInbox.AsNoTracking().Where(e => keys.Contains(e.RunKey) && e.AppliedAt == null).OrderBy(e => e.Id).ToListAsync(cancellationToken);
                foreach (var group in entries.GroupBy(e => e.RunKey))
                {
                    var run = stored.Values.First(r => r.Run.Key == group.Key);
                    try
                    {
                        var count = result.Count;
                        if (await ApplyInboxAsync(run, group.ToList(), result, cancellationToken)) handed.Add(run.Run.Id);
                        if (result.Count > count) applied.Add(run.Run.Id);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogError(ex, "The inbox of run {RunId} could not be applied; recovery tries again", run.Run.Id);
                    }
                }
            }
            finally
            {
                settled.UnionWith(claimed);
                foreach (var id in claimed.Where(id => !handed.Contains(id))) await SettleClaimAsync(id, drain: applied.Contains(id));
            }
        }
    }

    /// <summary>
    /// What a run let go of may still need: its inbox applied (events queued while it was held), or — a run left Paused
    /// though its flow was resumed meanwhile (it paused, or was held, while the flow's paused runs were being resumed) —
    /// to go on. One read for all of <paramref name="runIds"/>.
    /// </summary>
    private async Task AfterReleaseAsync(IReadOnlyList<Guid> runIds, bool resumePaused = true)
    {
        List<(Guid Id, RunStatus Status, int FlowId, bool Queued)> runs;
        await using (var db = await _contexts.CreateDbContextAsync())
            runs = (await db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id))
                    .Select(r => new { r.Id, r.Status, r.FlowId, Queued = db.RunInbox.Any(e => e.RunKey == r.Key && e.AppliedAt == null) })
                    .ToListAsync())
                .Select(r => (r.Id, r.Status, r.FlowId, r.Queued)).ToList();
        var unpaused = runs.Where(r => resumePaused && r.Status == RunStatus.Paused && !_catalog.IsPaused(r.FlowId)).Select(r => r.Id).ToList();
        if (unpaused.Count > 0) await ResumeManyAsync(unpaused, new ResumeReason.FlowResumed());
        var queued = runs.Where(r => r.Queued).Select(r => r.Id).ToList();
        if (queued.Count > 0) await DrainAsync(queued);
    }

    /// <summary>Applies <paramref name="entries"/> (oldest first) to a claimed run; true when a walk took the run over.</summary>
    private async Task<bool> ApplyInboxAsync(StoredRun stored, List<RunInboxRecord> entries,
        Dictionary<long, (InboxOutcome, RunExecution?)> result, CancellationToken cancellationToken)
    {
        var run = stored.Run;
        RunExecution? execution = null;
        foreach (var entry in entries)
        {
            // A paused run applies its inbox when its flow resumes; a Pending or Running one is an interrupted walk that
            // recovery continues first.
            if (run.Status is RunStatus.Paused or RunStatus.Pending or RunStatus.Running) break;
            execution ??= await RehydrateAsync(stored, cancellationToken);
            var contactEvent = new ContactEvent(entry.ContactId, entry.Name, StoredJson.ReadMap(entry.Properties));
            if (run is { Status: RunStatus.Waiting, WaitChildRunId: null } && run.WaitEvent == entry.Name && stored.LastStep is { } step)
            {
                var start = ResumeWithEvent(execution, execution.Flow.Graph.Nodes[step.NodeId], step, contactEvent, _time.GetUtcNow());
                execution.StageInboxApplied(entry.Id, "resumed");
                Launch(execution, start);
                result[entry.Id] = (InboxOutcome.Resumed, execution);
                return true;
            }
            var outcome = IsFinished(run.Status) ? InboxOutcome.RunEnded : InboxOutcome.NotAwaited;
            execution.RecordContactEvent(contactEvent, entry.StepSequence ?? (run.StepCount > 0 ? run.StepCount : null), notAwaited: true);
            execution.StageInboxApplied(entry.Id, outcome == InboxOutcome.RunEnded ? "run-ended" : "not-awaited");
            result[entry.Id] = (outcome, null);
        }
        if (execution is not null) await execution.FlushOrCancelAsync();
        return false;
    }
}
