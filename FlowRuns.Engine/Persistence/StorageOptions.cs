namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Where the store lives (<c>FlowRuns:Database</c>): a SQLite file (the default) or a PostgreSQL database, whether the app
/// brings its schema up to date at start, and, for SQLite, how hard each commit is synced and how its log is kept.
/// </summary>
public sealed class StorageOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>The SQLite file (<see cref="StoreProvider.Sqlite"/>).</summary>
    public string Path { get; set; } = "flowruns.db";

    /// <summary>
    /// The PostgreSQL connection string (<see cref="StoreProvider.Postgres"/>), e.g.
    /// <c>Host=127.0.0.1;Port=5432;Database=flowruns;Username=flowruns;Password=…</c>. Ignored for SQLite.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether the app applies pending migrations when it starts. Unset: yes for SQLite (one process owns its file), no for
    /// PostgreSQL (apply them once at deploy: <c>dotnet FlowRuns.Web.dll migrate</c>; a node whose store is behind refuses
    /// to start and says so).
    /// </summary>
    public bool? Migrate { get; set; }

    public bool MigratesAtStart => Migrate ?? Provider == StoreProvider.Sqlite;

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

    /// <summary>The connection string the store is opened with, whichever the provider.</summary>
    public string StoreConnectionString => Provider switch
    {
        StoreProvider.Sqlite => $"Data Source={Path};Pooling=True;Default Timeout=30",
        _ when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new InvalidOperationException("FlowRuns:Database:ConnectionString is required when FlowRuns:Database:Provider is Postgres."),
        _ => ConnectionString,
    };
}
