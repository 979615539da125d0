namespace FlowRuns.Engine.Persistence;

/// <summary>Which database holds the store (<c>FlowRuns:Database:Provider</c>).</summary>
public enum StoreProvider
{
    /// <summary>One file next to one process: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database several app nodes share (<c>FlowRuns:Database:ConnectionString</c>).</summary>
    Postgres,
}
