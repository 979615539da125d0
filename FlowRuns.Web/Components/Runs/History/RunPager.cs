using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs.History;

/// <summary>
/// The rows behind a virtualized run list, read in keyset pages as the user scrolls. Page <c>i</c> holds rows
/// <c>i × PageSize</c> onwards and remembers the cursor that reads it, so a page far from where the user is can be
/// dropped and read again when they scroll back: however far someone scrolls, at most <see cref="MaxHeldPages"/> pages
/// stay in the circuit's memory. Not thread-safe: the list calls it under one lock.
/// </summary>
public sealed class RunPager(Func<string?, int, CancellationToken, Task<RunPage>> readPage, int pageSize = RunPager.DefaultPageSize, int maxHeldPages = RunPager.DefaultMaxHeldPages)
{
    public const int DefaultPageSize = 100;
    public const int DefaultMaxHeldPages = 30;

    private readonly List<Page> _pages = [];
    private string? _frontier;
    private int _knownCount;
    private int _heldPages;
    private readonly Dictionary<string, int> _index = [];

    public int PageSize => pageSize;

    public int MaxHeldPages => maxHeldPages;

    /// <summary>No page is left to read.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Rows in the pages read so far (held or dropped).</summary>
    public int KnownCount => _knownCount;

    /// <summary>What the list tells Virtualize: the rows known, and one page more until the last page is read.</summary>
    public int ItemCount => KnownCount + (Exhausted ? 0 : pageSize);

    public int HeldPages => _heldPages;

    /// <summary>The rows from <paramref name="start"/>, reading (or re-reading) the pages they are on.</summary>
    public async Task<IReadOnlyList<RunSummary>> GetAsync(int start, int count, CancellationToken cancellationToken = default)
    {
        while (KnownCount < start + count && !Exhausted) await ReadNextAsync(cancellationToken);
        var rows = new List<RunSummary>(count);
        var first = start / pageSize;
        for (var p = first; p < _pages.Count && rows.Count < count; p++)
        {
            var page = _pages[p];
            if (page.Rows is null) await ReloadAsync(p, cancellationToken);
            var from = p == first ? start - p * pageSize : 0;
            rows.AddRange(page.Rows!.Skip(from).Take(count - rows.Count));
        }
        Evict(first);
        return rows;
    }

    /// <summary>A request for these rows would read the store next time: worth reading a page ahead now.</summary>
    public bool ShouldReadAhead(int start, int count) => !Exhausted && KnownCount < start + count + pageSize;

    public async Task ReadAheadAsync(CancellationToken cancellationToken = default)
    {
        if (!Exhausted) await ReadNextAsync(cancellationToken);
    }

    /// <summary>Where a held row is, to repaint it in place.</summary>
    public bool TryFind(string id, out int index) => _index.TryGetValue(id, out index);

    /// <summary>Replaces a held row with its new state (same run, same place).</summary>
    public void Replace(RunSummary run)
    {
        if (!_index.TryGetValue(run.Id, out var index)) return;
        var page = _pages[index / pageSize];
        if (page.Rows is { } rows && index % pageSize < rows.Count && rows[index % pageSize].Id == run.Id) rows[index % pageSize] = run;
    }

    private async Task ReadNextAsync(CancellationToken cancellationToken)
    {
        var cursor = _frontier;
        var result = await readPage(cursor, pageSize, cancellationToken);
        var page = new Page(cursor, [.. result.Items]);
        _pages.Add(page);
        _knownCount += page.Count;
        _heldPages++;
        Remember(_pages.Count - 1);
        _frontier = result.NextCursor;
        Exhausted = result.NextCursor is null || result.Items.Count < pageSize;
    }

    private async Task ReloadAsync(int p, CancellationToken cancellationToken)
    {
        var page = _pages[p];
        var result = await readPage(page.Cursor, pageSize, cancellationToken);
        // Keyset pages are stable (new runs are newer than every page read), but a run may have left a status filter
        // since: then the page comes back shorter, and the list shows the rows that are still there.
        page.Rows = [.. result.Items.Take(page.Count)];
        _heldPages++;
        Remember(p);
    }

    private void Remember(int p)
    {
        var rows = _pages[p].Rows!;
        for (var i = 0; i < rows.Count; i++) _index[rows[i].Id] = p * pageSize + i;
    }

    /// <summary>Drops the held pages farthest from <paramref name="around"/> until at most <see cref="MaxHeldPages"/> are held.</summary>
    private void Evict(int around)
    {
        while (_heldPages > maxHeldPages)
        {
            // The held page farthest from where the user is, is the first or the last held page.
            var first = _pages.FindIndex(p => p.Rows is not null);
            var last = _pages.FindLastIndex(p => p.Rows is not null);
            var farthest = Math.Abs(first - around) >= Math.Abs(last - around) ? first : last;
            foreach (var run in _pages[farthest].Rows!) _index.Remove(run.Id);
            _pages[farthest].Rows = null;
            _heldPages--;
        }
    }

    private sealed class Page(string? cursor, List<RunSummary> rows)
    {
        public string? Cursor { get; } = cursor;
        public int Count { get; } = rows.Count;
        public List<RunSummary>? Rows { get; set; } = rows;
    }
}
