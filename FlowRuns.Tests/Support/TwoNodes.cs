namespace FlowRuns.Tests.Support;

/// <summary>
/// Two app processes (nodes A and B) over one store — a SQLite file, or a PostgreSQL database in the throwaway
/// <see cref="PostgresServer"/> — sharing live updates and cache changes through a throwaway <see cref="RedisServer"/>
/// (<c>FlowRuns:Redis</c>): what the multi-node tests start, and dispose of with everything.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private readonly string _database;
    private readonly string? _postgresDatabase;
    private readonly string[] _settings;

    private TwoNodes(string database, string? postgresDatabase, string[] settings, RedisServer redis, AppProcess a, AppProcess b)
    {
        _database = database;
        _postgresDatabase = postgresDatabase;
        _settings = settings;
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }
    public AppProcess A { get; }
    public AppProcess B { get; private set; }

    /// <summary>Starts Redis, then node A (which migrates the store), then node B; <paramref name="settings"/> go to both.</summary>
    public static Task<TwoNodes> StartAsync(params string[] settings) => StartAsync(postgres: false, settings);

    /// <summary>The same over a PostgreSQL database of its own (<paramref name="postgres"/>), migrated by <c>migrate</c> first, as a deploy does.</summary>
    public static async Task<TwoNodes> StartAsync(bool postgres, params string[] settings)
    {
        var database = Path.Combine(Path.GetTempPath(), $"flowruns-nodes-{Guid.NewGuid():N}.db");
        string? postgresDatabase = null;
        var redis = await RedisServer.StartAsync();
        string[] all = [$"--FlowRuns:Redis={redis.ConnectionString}", .. settings];
        if (postgres)
        {
            postgresDatabase = TestStore.DatabaseName(database);
            var connection = await (await PostgresServer.SharedAsync()).CreateEmptyDatabaseAsync(postgresDatabase);
            all = [.. all, "--FlowRuns:Database:Provider=Postgres", $"--FlowRuns:Database:ConnectionString={connection}"];
            var (exitCode, output) = await AppProcess.RunCommandAsync("migrate", all);
            if (exitCode != 0) throw new InvalidOperationException($"migrate exited with {exitCode}: {output}");
        }
        var a = await AppProcess.StartAsync(database, seedDemo: false, all);
        var b = await AppProcess.StartAsync(database, seedDemo: false, all);
        return new TwoNodes(database, postgresDatabase, all, redis, a, b);
    }

    /// <summary>Kills node B with SIGKILL (nothing flushed, nothing shut down) and starts it again on a new port.</summary>
    public async Task KillAndRestartBAsync()
    {
        await B.KillAsync();
        await B.DisposeAsync();
        B = await AppProcess.StartAsync(_database, seedDemo: false, _settings);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        if (_postgresDatabase is not null) await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_postgresDatabase);
        else FlowRuns.Engine.Persistence.SqliteFiles.Delete(_database);
    }
}
