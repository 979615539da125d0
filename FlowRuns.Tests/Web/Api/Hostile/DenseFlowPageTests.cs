using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>The review's dense flow (100 nodes, ≈ 600 edges) publishes and its Graph tab renders at once, with the quick layout and its notice.</summary>
public class DenseFlowPageTests : ApiScope
{
    protected override bool SeedDemo => false;

    [Fact]
    public async Task ADenseFlow_ItsGraphTabRenders_WithTheQuickLayoutNotice()
    {
        // 100 switches with six cases each, every port to a later switch (or the end): 100 nodes, 600+ edges.
        var random = new Random(3);
        var nodes = Enumerable.Range(0, 100).Select(i => (object)new { id = $"s{i}", type = "switch", label = $"Switch {i}", on = "%{x}", cases = new[] { "a", "b", "c", "d", "e" } })
            .Append(new { id = "end", type = "end", label = "End" }).ToArray();
        var edges = new List<object> { new { from = "start", to = "s0" } };
        for (var i = 0; i < 100; i++)
            foreach (var port in new[] { "a", "b", "c", "d", "e", "default" })
                edges.Add(new { from = $"s{i}", to = i >= 98 ? "end" : $"s{random.Next(i + 1, 100)}", when = port });
        var (status, published) = await PostAsync("/api/flows", Json.Flow("dense", nodes, edges.ToArray()));
        Assert.True(status == 201, $"publish answered {status}: {published}");

        var response = await Client.GetAsync("/flows/dense?tab=graph");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("more than the layered layout takes", html);
        Assert.Contains("data-node-id=\"s99\"", html);
    }
}
