using Microsoft.Extensions.Logging;
namespace FlowRuns.Engine.Execution;

/// <summary>
/// Claiming runs: locally (one execution per run in this engine) and in the store (one engine per run, its lease).
/// Every claim is given back in a <c>finally</c> — a cancelled request or a failed load never leaves a run "busy".
/// </summary>
public sealed partial class FlowEngine
{
    /// <summary>Claims the runs that are free here and in the store; returns those now held.</summary>
    private async Task<HashSet<Guid>> ClaimAsync(IReadOnlyList<Guid> runIds)
    {
        var local = runIds.Where(id => _claims.TryAdd(id, null)).ToList();
        if (local.Count == 0) return [];
        IReadOnlySet<Guid> held;
        try
        {
            held = await _leases.ClaimAsync(local);
        }
        catch
        {
            foreach (var id in local) _claims.TryRemove(id, out _);
            throw;
        }
        foreach (var id in local)
            if (!held.Contains(id)) _claims.TryRemove(id, out _);
        return held.ToHashSet();
    }

    /// <summary>Claims the runs that are free here only; the store's lease is taken by the resume's first write.</summary>
    private HashSet<Guid> ClaimLocally(IReadOnlyList<Guid> runIds) => runIds.Where(id => _claims.TryAdd(id, null)).ToHashSet();

    /// <summary>
    /// Gives back a claim no walk goes on with: the lease (when the last write did not already give it up) and the local
    /// claim; then, with <paramref name="drain"/>, applies what reached the run's inbox while it was held (and resumes it if
    /// it is paused while its flow is not).
    /// </summary>
    private async Task SettleClaimAsync(Guid runId, bool drain = true, bool resumePaused = true)
    {
        try
        {
            if (_leases.Holds(runId)) await _leases.ReleaseAsync([runId]);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "The lease of run {RunId} was not given back; it expires by itself", runId);
        }
        finally
        {
            _claims.TryRemove(runId, out _);
        }
        if (drain && !_stopping.IsCancellationRequested)
        {
            try { await AfterReleaseAsync([runId], resumePaused); }
            catch (Exception ex) { _logger.LogWarning(ex, "The inbox of run {RunId} was not applied; recovery applies it", runId); }
        }
    }
}
