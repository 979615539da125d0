namespace FlowRuns.Tests.Support;

/// <summary>
/// Two app processes (nodes A and B) over one SQLite store, sharing live updates through a throwaway
/// <see cref="RedisServer"/> (<c>FlowRuns:Redis</c>): what the multi-node tests start, and dispose of with everything.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private readonly string _database;

    private TwoNodes(string database, RedisServer redis, AppProcess a, AppProcess b)
    {
        _database = database;
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }
    public AppProcess A { get; }
    public AppProcess B { get; }

    /// <summary>Starts Redis, then node A (which migrates the store), then node B; <paramref name="settings"/> go to both.</summary>
    public static async Task<TwoNodes> StartAsync(params string[] settings)
    {
        var database = Path.Combine(Path.GetTempPath(), $"flowruns-nodes-{Guid.NewGuid():N}.db");
        var redis = await RedisServer.StartAsync();
        string[] all = [$"--FlowRuns:Redis={redis.ConnectionString}", .. settings];
        var a = await AppProcess.StartAsync(database, AppProcess.FreePort(), seedDemo: false, all);
        var b = await AppProcess.StartAsync(database, AppProcess.FreePort(), seedDemo: false, all);
        return new TwoNodes(database, redis, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        FlowRuns.Engine.Persistence.SqliteFiles.Delete(_database);
    }
}
