namespace FlowRuns.Engine.Persistence;

/// <summary>Where the SQLite file lives and how hard each commit is synced (<c>FlowRuns:Database</c>).</summary>
public sealed class StorageOptions
{
    public string Path { get; set; } = "flowruns.db";

    /// <summary><c>NORMAL</c> (survives a process crash) or <c>FULL</c> (survives a power loss too).</summary>
    public string Synchronous { get; set; } = "NORMAL";

    /// <summary>
    /// Free space (MiB) the store keeps in reserve on its file system: below it, new runs and events are refused with 503
    /// (runs already accepted still finish) and <c>/healthz</c> is Unhealthy.
    /// </summary>
    public int MinFreeMiB { get; set; } = 16;

    /// <summary>
    /// Pages (4 KiB each) the write-ahead log may hold before the background checkpointer starts it over (default 4,096 ≈
    /// 16 MiB): what bounds the log file on disk under steady load. See <see cref="WalCheckpointer"/>.
    /// </summary>
    public int LogRestartPages { get; set; } = 4096;

    /// <summary>
    /// How often the background checkpointer copies the log back into the store file (default 1 s; 100 ms to 1 h). The
    /// retention purge also copies back after each of its batches. See <see cref="WalCheckpointer"/>.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string ConnectionString => $"Data Source={Path};Pooling=True;Default Timeout=30";
}
