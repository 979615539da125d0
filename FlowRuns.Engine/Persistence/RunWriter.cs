using System.Threading.Channels;
using FlowRuns.Engine.Diagnostics;
using FlowRuns.Engine.Events;
using FlowRuns.Engine.Persistence.Entities;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The single writer of run history and run ownership. Writes from every run queue here; the loop commits whatever has
/// queued in one transaction (group commit), each write under its own savepoint, so one refused write (a lost lease, a
/// duplicate) is rolled back alone and the others commit. Callers complete, and notifications are raised, only after
/// the commit. When the store itself cannot write (disk full, I/O error) every write of the batch fails with
/// <see cref="StoreUnavailableException"/>, <see cref="Availability"/> says why, and the next write tries again.
/// The writer keeps one connection with prepared upserts generated from the EF Core model (<see cref="WriterStatements"/>).
/// </summary>
public sealed class RunWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    /// <summary>How often a batch that lost a race with another node's transaction is applied again before its writes fail.</summary>
    private const int MaxAttempts = 10;
    private readonly Channel<StoreWrite> _queue = Channel.CreateUnbounded<StoreWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<FlowRunsDbContext> _contexts;
    private readonly IRunEventStream _stream;
    private readonly ILogger<RunWriter> _logger;
    private readonly Task _loop;
    private readonly StoreDialect _dialect;
    private readonly StoreSpace _space;
    private WriterStatements? _statements;

    public RunWriter(IDbContextFactory<FlowRunsDbContext> contexts, IRunEventStream stream, StoreDialect dialect, StoreSpace space, ILogger<RunWriter> logger)
    {
        _space = space;
        _contexts = contexts;
        _dialect = dialect;
        _stream = stream;
        _logger = logger;
        // An async loop on the thread pool: the walk that awaits a commit frees its thread, which then often runs this
        // loop itself — no thread to wake per commit (a dedicated thread cost a third of the throughput at one starter).
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>When the loop last finished a batch or found nothing to do; a health check reads it.</summary>
    public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.UtcNow;

    public bool IsRunning => !_loop.IsCompleted;

    public long CommittedBatches { get; private set; }

    /// <summary>Whether the last batch could be written, and if not, why (the health check reports it).</summary>
    public StoreAvailability Availability { get; private set; } = StoreAvailability.Writable;

    /// <summary>Commits <paramref name="changes"/>; completes once they are durable and their notifications raised.</summary>
    public Task CommitAsync(RunChangeSet changes)
    {
        if (changes.IsEmpty) return Task.CompletedTask;
        Scrubber.Scrub(changes); // on the caller's thread: the writer's loop stays free
        return Enqueue(new ChangeSetWrite(changes, _stream));
    }

    /// <summary>Masks secret values in everything committed (see <see cref="SecretScrubber"/>); set once at start.</summary>
    public SecretScrubber Scrubber { get; init; } = SecretScrubber.None;

    /// <summary>
    /// Takes the lease of each run that is free (no owner, or an expired lease) or already <paramref name="owner"/>'s,
    /// until <paramref name="until"/>; returns the runs now held. One conditional update per run: two engines never both win.
    /// </summary>
    public Task<IReadOnlySet<Guid>> ClaimAsync(string owner, IReadOnlyCollection<Guid> runIds, DateTimeOffset until, DateTimeOffset now) =>
        Enqueue(new ClaimWrite(owner, runIds, until, now));

    /// <summary>Gives up the leases of <paramref name="runIds"/> that <paramref name="owner"/> still holds.</summary>
    public Task ReleaseAsync(string owner, IReadOnlyCollection<Guid> runIds) =>
        runIds.Count == 0 ? Task.CompletedTask : Enqueue(new LeaseWrite(owner, runIds, null));

    /// <summary>Extends the leases of <paramref name="runIds"/> that <paramref name="owner"/> still holds.</summary>
    public Task RenewAsync(string owner, IReadOnlyCollection<Guid> runIds, DateTimeOffset until) =>
        runIds.Count == 0 ? Task.CompletedTask : Enqueue(new LeaseWrite(owner, runIds, until));

    /// <summary>Marks a run that has not ended as to be cancelled by <paramref name="by"/>; false when it had ended or was already asked.</summary>
    public Task<bool> RequestCancelAsync(Guid runId, string by) => Enqueue(new CancelRequestWrite(runId, by));

    /// <summary>A tiny write that tells whether the store can write at all (the health check asks).</summary>
    public Task ProbeAsync() => Enqueue(new ProbeWrite());

    private Task<T> Enqueue<T>(StoreWrite<T> write)
    {
        if (!_queue.Writer.TryWrite(write)) write.Fail(new ObjectDisposedException(nameof(RunWriter), "The run writer has stopped."));
        return write.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<StoreWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            if (batch.Any(w => w.IsNewWork) && _space.Shortage() is { } shortage)
            {
                // No room for new runs or events: refuse them before SQLite fails half-way; accepted runs go on.
                var refused = new StoreUnavailableException($"The store cannot take new work: {shortage}.");
                if (Availability.CanWrite) _logger.LogError("The store takes no new work: {Reason}", shortage);
                Availability = new StoreAvailability(false, refused.Message, DateTimeOffset.UtcNow);
                foreach (var write in batch.Where(w => w.IsNewWork)) write.Fail(refused);
                batch.RemoveAll(w => w.IsNewWork);
                if (batch.Count == 0) continue;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var write in batch) EngineMetrics.WriterQueueWait.Record((started - write.EnqueuedAt) * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
            EngineMetrics.WriterBatchSize.Record(batch.Count);
            try
            {
                var applied = await SaveWithRetriesAsync(batch);
                var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                EngineMetrics.WriterTransaction.Record(took.TotalMilliseconds);
                if (took > TimeSpan.FromSeconds(1)) _logger.LogWarning("A batch of {Count} writes took {Seconds:F1} s (the store was busy)", batch.Count, took.TotalSeconds);
                if (!Availability.CanWrite && _space.Shortage() is null)
                {
                    _logger.LogInformation("The store can write again");
                    Availability = StoreAvailability.Writable;
                }
                foreach (var write in applied) write.Complete();
            }
            catch (Exception ex)
            {
                var failure = StoreUnavailableException.IsStoreFailure(ex) ? StoreUnavailableException.From(ex) : ex;
                if (failure is StoreUnavailableException unavailable)
                {
                    if (Availability.CanWrite) _logger.LogError(ex, "The store cannot write: {Reason}", unavailable.Message);
                    Availability = new StoreAvailability(false, unavailable.Message, DateTimeOffset.UtcNow);
                }
                else _logger.LogError(ex, "A batch of {Count} writes failed", batch.Count);
                foreach (var write in batch) write.Fail(failure);
            }
            batch.Clear();
            LastActivity = DateTimeOffset.UtcNow;
            CommittedBatches++;
        }
    }

    /// <summary>
    /// Applies the batch in one transaction; returns the writes that were kept. First without savepoints (they cost a tenth
    /// of the throughput); when one write is refused (a lost lease, a cancel, a duplicate), the transaction is rolled back
    /// and the batch applied again with a savepoint per write, so the refused one is rolled back alone.
    /// </summary>
    private List<StoreWrite> Save(List<StoreWrite> batch)
    {
        _statements ??= OpenStatements();
        try
        {
            return SaveOnce(_statements, batch, savepoints: false) ?? SaveOnce(_statements, batch, savepoints: true)!;
        }
        catch
        {
            _statements?.RolledBack();
            // A broken connection is replaced on the next batch.
            _statements?.Dispose();
            _statements = null;
            throw;
        }
    }

    /// <summary>
    /// <see cref="Save"/>, applied again when the transaction lost a race with another node's (PostgreSQL broke a
    /// deadlock: nothing of it was kept), after a short random pause that grows with each try, so the two writers do not
    /// meet in the same order again.
    /// </summary>
    private async Task<List<StoreWrite>> SaveWithRetriesAsync(List<StoreWrite> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Save(batch);
            }
            catch (Exception ex) when (StoreErrors.IsRetryable(ex) && attempt < MaxAttempts)
            {
                _logger.LogInformation("A batch of {Count} writes raced another node's and is applied again (attempt {Attempt})", batch.Count, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10) * attempt));
            }
        }
    }

    /// <summary>One try at the batch; null when a write was refused without savepoints (nothing was committed).</summary>
    private static List<StoreWrite>? SaveOnce(WriterStatements statements, List<StoreWrite> batch, bool savepoints)
    {
        var applied = new List<StoreWrite>(batch.Count);
        var refused = new List<(StoreWrite Write, Exception Reason)>();
        using (var transaction = statements.Connection.BeginTransaction())
        {
            foreach (var write in batch)
            {
                if (savepoints) statements.Savepoint("BEGIN", transaction);
                try
                {
                    write.Apply(statements, transaction);
                    if (savepoints) statements.Savepoint("RELEASE", transaction);
                    applied.Add(write);
                }
                catch (Exception ex) when (!StoreUnavailableException.IsStoreFailure(ex) && !StoreErrors.IsRetryable(ex))
                {
                    if (!savepoints)
                    {
                        statements.RolledBack();
                        return null; // the transaction rolls back as it is disposed
                    }
                    statements.Savepoint("ROLLBACK", transaction);
                    refused.Add((write, ex));
                }
            }
            transaction.Commit();
            statements.Committed();
        }
        foreach (var (write, reason) in refused) write.Fail(reason);
        return applied;
    }

    private WriterStatements OpenStatements()
    {
        using var db = _contexts.CreateDbContext();
        var connection = _dialect.OpenWriterConnection();
        try
        {
            return new WriterStatements(db.Model, connection, _dialect);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _statements?.Dispose();
    }

    private sealed class ChangeSetWrite(RunChangeSet changes, IRunEventStream stream) : StoreWrite<bool>
    {
        public override bool IsNewWork => changes.RunIsNew || changes.AcceptedEvent is { FannedOutAt: null };

        public override void Apply(WriterStatements statements, DbTransaction transaction) => statements.Apply(changes, transaction);

        public override void Complete()
        {
            foreach (var notification in changes.Notifications) stream.Publish(notification);
            Succeed(true);
        }
    }

    private sealed class ClaimWrite(string owner, IReadOnlyCollection<Guid> runIds, DateTimeOffset until, DateTimeOffset now) : StoreWrite<IReadOnlySet<Guid>>
    {
        private readonly HashSet<Guid> _claimed = [];

        public override void Apply(WriterStatements statements, DbTransaction transaction)
        {
            // In one order (by id) on every node, so two writers claiming overlapping runs never wait on each other in a circle.
            foreach (var id in runIds.Order())
                if (statements.Claim(owner, id, until, now, transaction)) _claimed.Add(id);
        }

        public override void Complete() => Succeed(_claimed);
    }

    private sealed class LeaseWrite(string owner, IReadOnlyCollection<Guid> runIds, DateTimeOffset? renewUntil) : StoreWrite<bool>
    {
        public override void Apply(WriterStatements statements, DbTransaction transaction)
        {
            foreach (var id in runIds.Order()) statements.Lease(owner, id, renewUntil, transaction);
        }

        public override void Complete() => Succeed(true);
    }

    private sealed class CancelRequestWrite(Guid runId, string by) : StoreWrite<bool>
    {
        private bool _marked;

        public override void Apply(WriterStatements statements, DbTransaction transaction) => _marked = statements.RequestCancel(runId, by, transaction);

        public override void Complete() => Succeed(_marked);
    }

    private sealed class ProbeWrite : StoreWrite<bool>
    {
        public override void Apply(WriterStatements statements, DbTransaction transaction) => statements.Probe(transaction);

        public override void Complete() => Succeed(true);
    }
}

/// <summary>Whether the store can write, and since when it cannot.</summary>
public sealed record StoreAvailability(bool CanWrite, string? Reason, DateTimeOffset? Since)
{
    public static readonly StoreAvailability Writable = new(true, null, null);
}

/// <summary>One write the run writer applies inside its transaction; completed after the commit, failed if it was rolled back.</summary>
internal abstract class StoreWrite
{
    /// <summary>A new run or a newly accepted event: refused when the store keeps no room for more.</summary>
    public virtual bool IsNewWork => false;

    /// <summary>When the write was queued (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for the queue-wait measure.</summary>
    public long EnqueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public abstract void Apply(WriterStatements statements, DbTransaction transaction);

    public abstract void Complete();

    public abstract void Fail(Exception reason);
}

internal abstract class StoreWrite<T> : StoreWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _done.Task;

    protected void Succeed(T result) => _done.TrySetResult(result);

    public override void Fail(Exception reason) => _done.TrySetException(reason);
}
