using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Hands out the internal row keys of runs. Keys are allocated in-process (one engine per database file, the embedded
/// default), so a run's steps can be written in the same batch as the run itself. A multi-node deployment would take
/// them from a database sequence instead.
/// </summary>
public sealed class RunKeyAllocator(IDbContextFactory<FlowRunsDbContext> contexts)
{
    private long _last = -1;
    private readonly Lock _gate = new();

    public long Next()
    {
        if (Interlocked.Read(ref _last) < 0)
            lock (_gate)
                if (_last < 0)
                {
                    using var db = contexts.CreateDbContext();
                    _last = db.Runs.Max(r => (long?)r.Key) ?? 0;
                }
        return Interlocked.Increment(ref _last);
    }
}
