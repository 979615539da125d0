using System.Threading.Channels;
using FlowRuns.Engine.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The single writer of run history. Change sets from every run queue here; the loop commits whatever has queued
/// in one transaction (group commit), then completes each caller and raises the notifications — never before the commit.
/// A batch that fails is retried one change set at a time, so one bad run cannot fail the others.
/// </summary>
public sealed class RunWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<(RunChangeSet Changes, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(RunChangeSet, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<FlowRunsDbContext> _contexts;
    private readonly IRunEventStream _stream;
    private readonly ILogger<RunWriter> _logger;
    private readonly Task _loop;

    public RunWriter(IDbContextFactory<FlowRunsDbContext> contexts, IRunEventStream stream, ILogger<RunWriter> logger)
    {
        _contexts = contexts;
        _stream = stream;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>When the loop last finished a batch or found nothing to do; a health check reads it.</summary>
    public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.UtcNow;

    public bool IsRunning => !_loop.IsCompleted;

    public long CommittedBatches { get; private set; }

    /// <summary>Commits <paramref name="changes"/>; completes once they are durable and their notifications raised.</summary>
    public Task CommitAsync(RunChangeSet changes)
    {
        if (changes.IsEmpty) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((changes, done)))
            done.SetException(new ObjectDisposedException(nameof(RunWriter), "The run writer has stopped."));
        return done.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<(RunChangeSet Changes, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await SaveAsync(batch);
                Finish(batch);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                _logger.LogWarning(ex, "A batch of {Count} run change sets failed; committing them one by one", batch.Count);
                foreach (var item in batch)
                {
                    try
                    {
                        await SaveAsync([item]);
                        Finish([item]);
                    }
                    catch (Exception single)
                    {
                        item.Done.TrySetException(single);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
            batch.Clear();
            LastActivity = DateTimeOffset.UtcNow;
            CommittedBatches++;
        }
    }

    private void Finish(List<(RunChangeSet Changes, TaskCompletionSource Done)> batch)
    {
        foreach (var (changes, done) in batch)
        {
            foreach (var notification in changes.Notifications) _stream.Publish(notification);
            done.TrySetResult();
        }
    }

    private async Task SaveAsync(List<(RunChangeSet Changes, TaskCompletionSource Done)> batch)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var (changes, _) in batch)
        {
            if (changes.Run is { } run)
            {
                if (changes.RunIsNew) db.Runs.Add(run);
                else db.Runs.Update(run);
            }
            foreach (var (step, isNew) in changes.Steps)
            {
                if (isNew) db.Steps.Add(step);
                else db.Steps.Update(step);
            }
            db.RunEvents.AddRange(changes.Events);
            db.Deliveries.AddRange(changes.Deliveries);
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
