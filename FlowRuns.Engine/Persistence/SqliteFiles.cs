using Microsoft.Data.Sqlite;

namespace FlowRuns.Engine.Persistence;

/// <summary>The files of one SQLite store: the database, its write-ahead log and its shared-memory index.</summary>
public static class SqliteFiles
{
    /// <summary>Closes pooled connections and deletes the store's files (tests and benchmarks clean up with it).</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }
}
