namespace FlowRuns.Tests.Support;

/// <summary>A SQLite store's files on disk — the database, its log and shared memory — for tests that look for what must never be stored.</summary>
public static class StoreFiles
{
    /// <summary>
    /// Every file of the store at <paramref name="databasePath"/>, read as one set. SQLite removes its log when its last
    /// connection closes (the log copied into the database first): a file listed and gone before it was read makes the
    /// whole set read again, so nothing the log held is missed between the two.
    /// </summary>
    public static async Task<IReadOnlyList<(string File, byte[] Bytes)>> ReadAsync(string databasePath)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = new List<(string, byte[])>();
            try
            {
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(databasePath)!, Path.GetFileName(databasePath) + "*"))
                    read.Add((file, await File.ReadAllBytesAsync(file)));
                return read;
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
                // listed, then removed by SQLite: read them all again
            }
        }
    }
}
