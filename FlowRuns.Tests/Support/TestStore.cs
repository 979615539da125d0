using FlowRuns.Engine.Persistence;

namespace FlowRuns.Tests.Support;

/// <summary>
/// Which database the engine and API tests run on: SQLite (every run), or PostgreSQL when <c>FLOWRUNS_TEST_STORE=postgres</c>
/// (test.sh's second pass), each test on its own database in a throwaway server (<see cref="PostgresServer"/>). A test's
/// store is named by a file path either way: on PostgreSQL the path names the database, so a test that reopens its
/// store reopens the same one. Tests of SQLite's own machinery (its file, log, disk) carry <see cref="SqliteOnly"/>.
/// </summary>
public static class TestStore
{
    /// <summary>Trait on tests of SQLite's own machinery: test.sh's PostgreSQL pass leaves them out (<c>--filter Store!=SqliteOnly</c>).</summary>
    public const string Trait = "Store";
    public const string SqliteOnly = "SqliteOnly";

    public static StoreProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable("FLOWRUNS_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase) ? StoreProvider.Postgres : StoreProvider.Sqlite;

    public static bool IsPostgres => Provider == StoreProvider.Postgres;

    /// <summary>Points <paramref name="storage"/> at the store named by <paramref name="path"/> (created on PostgreSQL when new).</summary>
    public static async Task UseAsync(StorageOptions storage, string path)
    {
        storage.Path = path;
        if (!IsPostgres) return;
        var server = await PostgresServer.SharedAsync();
        storage.Provider = StoreProvider.Postgres;
        storage.ConnectionString = await server.CreateDatabaseAsync(DatabaseName(path));
        storage.Migrate = true;
    }

    /// <summary>The settings that put an app (factory or process) on the store named by <paramref name="path"/>.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(string path)
    {
        var storage = new StorageOptions();
        await UseAsync(storage, path);
        return IsPostgres
            ? new() { ["FlowRuns:Database:Provider"] = "Postgres", ["FlowRuns:Database:ConnectionString"] = storage.ConnectionString, ["FlowRuns:Database:Migrate"] = "true" }
            : new() { ["FlowRuns:Database:Path"] = path };
    }

    /// <summary>Removes the store named by <paramref name="path"/>: its files, or its database.</summary>
    public static async Task DeleteAsync(string path)
    {
        if (IsPostgres) await (await PostgresServer.SharedAsync()).DropDatabaseAsync(DatabaseName(path));
        else SqliteFiles.Delete(path);
    }

    /// <summary>The database a store path names on PostgreSQL: its file name, lower case, letters, digits and underscores, ≤ 63 characters.</summary>
    public static string DatabaseName(string path)
    {
        var name = "t_" + new string(Path.GetFileNameWithoutExtension(path).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return name.Length > 63 ? name[..63] : name;
    }
}
