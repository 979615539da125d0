using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Graph;
using Microsoft.Extensions.Options;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The layout can't burn a core: too dense goes to the quick layout, over the budget is aborted, one computation per version.</summary>
public class BoundedLayoutTests
{
    [Fact]
    public void TheReviewsDenseGraph_GetsTheQuickLayout_WithANotice()
    {
        var graph = GraphLayoutCache.Layout(SyntheticFlows.Graph(100, 601), new LayoutOptions(), null);
        Assert.Equal(100, graph.Nodes.Count);
        Assert.Equal(601, graph.Edges.Count);
        Assert.Contains("more than the layered layout takes", graph.Notice);
        // Every node has its own place.
        Assert.Equal(100, graph.Nodes.Select(n => (n.X, n.Y)).Distinct().Count());
    }

    [Fact]
    public void ALayeredLayoutOverItsBudget_IsAborted_AndTheQuickLayoutTakesOver()
    {
        var unbounded = new LayoutOptions { Budget = TimeSpan.FromMilliseconds(300), MaxLayeredNodes = int.MaxValue, MaxLayeredEdges = int.MaxValue };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var graph = GraphLayoutCache.Layout(SyntheticFlows.Graph(100, 601), unbounded, null);
        // Unbounded, this graph takes tens of seconds; the abort ends it soon after its budget (a hang bound, not a speed check).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the aborted layout took {watch.Elapsed}");
        Assert.Contains("took longer than", graph.Notice);
        Assert.Equal(100, graph.Nodes.Count);
    }

    [Fact]
    public void ASmallFlow_GetsTheLayeredLayout_WithoutANotice() =>
        Assert.Null(GraphLayoutCache.Layout(SyntheticFlows.Graph(30, 40), new LayoutOptions(), null).Notice);

    [Fact]
    public async Task ConcurrentViewers_ShareOneComputation()
    {
        var cache = new GraphLayoutCache(Options.Create(new LayoutOptions()));
        var definition = SyntheticFlows.Graph(60, 90);
        var graphs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync("synthetic", 1, definition)));
        Assert.All(graphs, g => Assert.Same(graphs[0], g));
    }

    [Fact]
    public async Task AViewerWhoLeaves_StopsWaiting_AndTheNextViewerGetsTheLayout()
    {
        var cache = new GraphLayoutCache(Options.Create(new LayoutOptions()));
        var definition = SyntheticFlows.Graph(150, 220);
        using var leaving = new CancellationTokenSource();
        var first = cache.GetAsync("synthetic", 1, definition, leaving.Token);
        Assert.False(first.IsCompleted, $"status {first.Status}");
        leaving.Cancel(); // runs the wait's cancellation inline (CancelAsync would queue it behind a busy pool)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var graph = await cache.GetAsync("synthetic", 1, definition);
        Assert.Equal(150, graph.Nodes.Count);
    }
}
