using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Components.Runs.History;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The run list's pager: keyset pages read as needed, a bounded number held, dropped pages read again by cursor.</summary>
public class RunPagerTests
{
    /// <summary>A store of <paramref name="count"/> runs, newest first; the cursor is the index of the next row. Counts reads.</summary>
    private sealed class FakeStore(int count)
    {
        public List<string?> Reads { get; } = [];

        public Task<RunPage> ReadAsync(string? cursor, int size, CancellationToken _)
        {
            Reads.Add(cursor);
            var from = cursor is null ? 0 : int.Parse(cursor);
            var items = Enumerable.Range(from, Math.Max(0, Math.Min(size, count - from))).Select(Run).ToList();
            var next = from + size < count ? (from + size).ToString() : null;
            return Task.FromResult(new RunPage(items, next));
        }

        public static RunSummary Run(int i) => new($"run-{i}", "flow", 1, $"c-{i % 7}", "Completed", "api",
            DateTimeOffset.UnixEpoch.AddMinutes(-i), null, null, null, false);
    }

    [Fact]
    public async Task ReadsPagesOnlyAsFarAsAsked_AndSaysOnePageMoreUntilTheEnd()
    {
        var store = new FakeStore(250);
        var pager = new RunPager(store.ReadAsync, pageSize: 100);

        var rows = await pager.GetAsync(0, 30);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"run-{i}"), rows.Select(r => r.Id));
        Assert.Equal((100, 200, 1), (pager.KnownCount, pager.ItemCount, store.Reads.Count));
        // One page beyond what is shown is worth reading ahead.
        Assert.True(pager.ShouldReadAhead(0, 30));
        await pager.ReadAheadAsync();
        Assert.False(pager.ShouldReadAhead(0, 30));
        Assert.True(pager.ShouldReadAhead(80, 30));

        rows = await pager.GetAsync(190, 40);
        Assert.Equal(Enumerable.Range(190, 40).Select(i => $"run-{i}"), rows.Select(r => r.Id));
        Assert.Equal([null, "100", "200"], store.Reads);
        Assert.True(pager.Exhausted);
        Assert.Equal(250, pager.ItemCount);
        Assert.Empty(await pager.GetAsync(250, 10));
    }

    [Fact]
    public async Task ScrollingFar_HoldsABoundedNumberOfPages_AndReadsDroppedOnesAgainByTheirCursor()
    {
        var store = new FakeStore(100_000);
        var pager = new RunPager(store.ReadAsync, pageSize: 100, maxHeldPages: 5);

        for (var start = 0; start < 50_000; start += 100) await pager.GetAsync(start, 40);
        Assert.Equal(5, pager.HeldPages);
        Assert.Equal(50_000, pager.KnownCount);
        Assert.Equal(500, store.Reads.Count);
        Assert.False(pager.TryFind("run-120", out _));

        var back = await pager.GetAsync(120, 10);
        Assert.Equal(Enumerable.Range(120, 10).Select(i => $"run-{i}"), back.Select(r => r.Id));
        Assert.Equal("100", store.Reads[^1]);
        Assert.True(pager.TryFind("run-125", out var index));
        Assert.Equal(125, index);
        Assert.Equal(5, pager.HeldPages);
    }

    [Fact]
    public async Task Replace_RepaintsAHeldRowInItsPlace()
    {
        var store = new FakeStore(300);
        var pager = new RunPager(store.ReadAsync, pageSize: 100);
        await pager.GetAsync(0, 150);

        pager.Replace(FakeStore.Run(130) with { Status = "Failed" });
        Assert.True(pager.TryFind("run-130", out var index));
        Assert.Equal(130, index);
        Assert.Equal("Failed", (await pager.GetAsync(130, 1)).Single().Status);
        pager.Replace(FakeStore.Run(999) with { Status = "Failed" });
        Assert.Equal(200, pager.KnownCount);
    }
}
