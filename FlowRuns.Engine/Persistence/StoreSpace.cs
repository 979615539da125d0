namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The free space on the file system that holds the SQLite file (PostgreSQL's disk is the server's: its own "disk full" makes the store unavailable), read at most once a second. Below
/// <see cref="StorageOptions.MinFreeMiB"/> the store takes no new work: SQLite would otherwise fail half-way with
/// "database or disk is full", and a nearly full disk is better refused up front, with the runs already accepted left
/// room to finish.
/// </summary>
public sealed class StoreSpace(StorageOptions storage)
{
    private readonly Lock _gate = new();
    private (long Free, long At) _last = (long.MaxValue, long.MinValue);

    public long MinFreeBytes => storage.MinFreeMiB * 1024L * 1024L;

    /// <summary>Free bytes now (cached for a second); <see cref="long.MaxValue"/> when it cannot be read.</summary>
    public long FreeBytes => Read(fresh: false);

    private long Read(bool fresh)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (storage.Provider != StoreProvider.Sqlite) return long.MaxValue; // the database server's disk is not ours to read
            if (!fresh && now - _last.At < 1000) return _last.Free;
            long free;
            try
            {
                var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(storage.Path)) ?? ".";
                free = new DriveInfo(directory).AvailableFreeSpace;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                free = long.MaxValue;
            }
            _last = (free, now);
            return free;
        }
    }

    /// <summary>Why the store takes no new work, or null when it has room; <paramref name="fresh"/> reads the disk now (a health check right after a failed write must not see a second-old figure).</summary>
    public string? Shortage(bool fresh = false)
    {
        var free = Read(fresh);
        return free >= MinFreeBytes ? null
            : $"the disk holding the store is nearly full: {free / 1048576.0:F1} MiB free, below the {storage.MinFreeMiB} MiB it keeps in reserve";
    }
}
