namespace FlowRuns.Engine.Persistence;

/// <summary>Where the SQLite file lives and how hard each commit is synced (<c>FlowRuns:Database</c>).</summary>
public sealed class StorageOptions
{
    public string Path { get; set; } = "flowruns.db";

    /// <summary><c>NORMAL</c> (survives a process crash) or <c>FULL</c> (survives a power loss too).</summary>
    public string Synchronous { get; set; } = "NORMAL";

    public string ConnectionString => $"Data Source={Path};Pooling=True;Default Timeout=30";
}
