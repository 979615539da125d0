namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Tells the other nodes sharing the store that something they may hold in memory changed — a flow (published, paused,
/// resumed, deactivated) or a contact — so they drop it and read it again. One process alone needs nothing
/// (<see cref="LocalStoreChangeFeed"/>); several nodes pass changes through Redis (the web app's <c>RedisStoreChangeFeed</c>).
/// A change that is lost (Redis unreachable) is bounded by the caches' own expiry (see <see cref="ContactStore"/> and
/// <see cref="Execution.FlowCatalog.RefreshAsync"/>).
/// </summary>
public interface IStoreChangeFeed
{
    /// <summary>Tells the other nodes; never throws and never waits for them.</summary>
    void Publish(StoreChange change);

    /// <summary>A change another node made.</summary>
    event Action<StoreChange>? Received;
}

/// <summary>What changed: a flow (by key), a contact (by id), a run asked to cancel (by id), or — after changes may have been missed — everything.</summary>
public sealed record StoreChange(StoreChangeKind Kind, string Key);

public enum StoreChangeKind
{
    Flow,
    Contact,

    /// <summary>Changes may have been missed (the link between nodes was down): drop every cached flow and contact.</summary>
    Everything,

    /// <summary>A cancel of the run (by id) was asked for in the store: the node walking it stops it now, not at its next lease renewal.</summary>
    RunCancelRequested,
}

/// <summary>The embedded default: one process owns the store, so no one else needs telling.</summary>
public sealed class LocalStoreChangeFeed : IStoreChangeFeed
{
    public void Publish(StoreChange change)
    {
    }

    public event Action<StoreChange>? Received
    {
        add { }
        remove { }
    }
}
