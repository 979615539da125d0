using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

/// <summary>A redirect to another origin carries none of the flow's headers and never its body (the second server records what reached it).</summary>
public class HttpRedirectTests : IAsyncLifetime
{
    private LocalHttpServer _first = null!, _other = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _first = await LocalHttpServer.StartAsync();
        _other = await LocalHttpServer.StartAsync(); // another port: another origin
        _engine = await TestEngine.StartAsync(o =>
        {
            o.Http.AllowedHosts = ["127.0.0.1"];
            o.Secrets["crmToken"] = "tok-REDIRECT-secret";
        });
        await _engine.CreateContactAsync("c-1");
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _first.DisposeAsync();
        await _other.DisposeAsync();
    }

    private async Task<FlowRuns.Engine.Persistence.Queries.RunDetail> CallAsync(string method, string url, string? body = null)
    {
        await _engine.PublishAsync(Json.Flow("redirect",
            [
                new
                {
                    id = "call", type = "http", label = "Call", method, url, body,
                    headers = new Dictionary<string, string>
                    {
                        ["Authorization"] = "Bearer %{secrets.crmToken}", ["X-Api-Key"] = "%{secrets.crmToken}",
                        ["Cookie"] = "session=%{secrets.crmToken}", ["X-Custom"] = "c-%{secrets.crmToken}",
                    },
                },
                new { id = "ok", type = "end", label = "OK" }, new { id = "bad", type = "end", label = "Bad" },
            ],
            [new { from = "start", to = "call" }, new { from = "call", to = "ok" }, new { from = "call", to = "bad", when = "error" }]));
        return await _engine.RunAsync("redirect", "c-1");
    }

    [Fact]
    public async Task ARedirectToAnotherOrigin_DropsEveryHeaderTheFlowSet()
    {
        var run = await CallAsync("GET", _first.BaseUrl + "/redirect?to=" + Uri.EscapeDataString(_other.BaseUrl + "/record"));
        Assert.Equal("Completed", run.Steps.Single(s => s.NodeId == "call").Status);
        var (_, headers, _) = Assert.Single(_other.Recorded);
        foreach (var name in new[] { "Authorization", "X-Api-Key", "Cookie", "X-Custom" }) Assert.False(headers.ContainsKey(name), $"{name} followed the redirect");
        Assert.DoesNotContain(headers.Values, v => v.Contains("tok-REDIRECT-secret"));
    }

    [Fact]
    public async Task ARedirectWithinTheOrigin_KeepsTheHeaders()
    {
        var run = await CallAsync("GET", _first.BaseUrl + "/redirect?to=" + Uri.EscapeDataString(_first.BaseUrl + "/record"));
        Assert.Equal("Completed", run.Steps.Single(s => s.NodeId == "call").Status);
        Assert.Equal("c-tok-REDIRECT-secret", Assert.Single(_first.Recorded).Headers["X-Custom"]);
    }

    [Fact]
    public async Task A307ThatWouldResendTheBodyToAnotherOrigin_FailsTheStep_AndNothingReachesIt()
    {
        var run = await CallAsync("POST", _first.BaseUrl + "/redirect307?to=" + Uri.EscapeDataString(_other.BaseUrl + "/record"), "{\"card\": \"4111\"}");
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal(("HTTP_REDIRECT_REFUSED", "error"), (step.Error!.Code, step.Port));
        Assert.Empty(_other.Recorded);
        Assert.Equal(0, _other.Calls);
    }
}
