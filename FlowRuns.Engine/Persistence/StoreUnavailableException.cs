namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The store refused to write (disk full, I/O error, read-only or missing file): nothing of the write was kept. The
/// API answers 503 with <see cref="Exception.Message"/>; the writer tries again with the next write.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The store as a whole cannot write (see <see cref="StoreErrors.IsStoreFailure"/>).</summary>
    public static bool IsStoreFailure(Exception ex) => StoreErrors.IsStoreFailure(ex);

    public static StoreUnavailableException From(Exception ex) => ex as StoreUnavailableException
        ?? new StoreUnavailableException($"The store cannot write: {StoreErrors.Describe(ex)}", ex);
}

/// <summary>A run's row was not written because this engine no longer holds its lease (another engine took the run over).</summary>
public sealed class LeaseLostException(Guid runId, string message) : Exception(message)
{
    public Guid RunId { get; } = runId;
}

/// <summary>A run's row was not written because someone asked to cancel the run: the walk stops and cancels it.</summary>
public sealed class RunCancelRequestedException(Guid runId, string by) : Exception($"Run {runId:N} was cancelled by {by}.")
{
    public Guid RunId { get; } = runId;
    public string By { get; } = by;
}
