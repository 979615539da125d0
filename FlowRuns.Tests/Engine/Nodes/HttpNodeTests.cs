using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

public class HttpNodeTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _engine = await TestEngine.StartAsync(o =>
        {
            o.Http.AllowedHosts = ["127.0.0.1"];
            o.Http.MaxStoredBodyChars = 100;
            o.Secrets["crmToken"] = "tok-12345";
        });
        await _engine.CreateContactAsync("c-1", new { creditAmount = 15 });
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _server.DisposeAsync();
    }

    private async Task<RunDetail> RunHttpAsync(object http, bool errorEdge = true)
    {
        var edges = new List<object> { new { from = "start", to = "call" }, new { from = "call", to = "ok" } };
        if (errorEdge) edges.Add(new { from = "call", to = "bad", when = "error" });
        await _engine.PublishAsync(Json.Flow("h", [http, new { id = "ok", type = "end", label = "OK" }, new { id = "bad", type = "end", label = "Bad" }], edges.ToArray()));
        return await _engine.RunAsync("h", "c-1");
    }

    [Fact]
    public async Task HttpNode_Success_CapturesFieldsIntoOutput()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", method = "GET", url = _server.BaseUrl + "/json",
            capture = new { creditId = "$.id", amount = "$.nested.amount", second = "$.items[1]" } });
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal(("Completed", "default"), (step.Status, step.Port));
        Assert.Equal(200, step.Output!["status"]!.GetValue<int>());
        Assert.Equal("cr-1", step.Output["creditId"]!.GetValue<string>());
        Assert.Equal(5, step.Output["amount"]!.GetValue<int>());
        Assert.Equal("b", step.Output["second"]!.GetValue<string>());
        Assert.Equal("http.called", Assert.Single(run.Events).Name);
        Assert.Equal("ok", run.Steps.Last().NodeId);
    }

    [Fact]
    public async Task HttpNode_SecretsAndAuthorization_AreRedactedInStoredRequestAndResponse()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", method = "POST", url = _server.BaseUrl + "/echo",
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer %{secrets.crmToken}", ["X-Trace"] = "t-%{secrets.crmToken}" },
            body = "{\"amount\": %{creditAmount}, \"token\": \"%{secrets.crmToken}\"}" });
        var step = run.Steps.Single(s => s.NodeId == "call");
        var stored = step.Input!.ToJsonString() + step.Output!.ToJsonString() + string.Join("", step.Resolutions.Select(r => r.Value?.ToJsonString()));
        Assert.DoesNotContain("tok-12345", stored);
        Assert.Equal("***", step.Input!["request"]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal("t-***", step.Input["request"]!["headers"]!["X-Trace"]!.GetValue<string>());
        Assert.Contains("Bearer ***", step.Output["response"]!.GetValue<string>());
        Assert.Equal("Completed", step.Status);
    }

    [Fact]
    public async Task HttpNode_LongBody_IsCappedAndSaysSo()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/big" });
        var response = run.Steps.Single(s => s.NodeId == "call").Output!["response"]!.GetValue<string>();
        Assert.StartsWith(new string('x', 100), response);
        Assert.Contains("[truncated: 10000 characters, 100 stored]", response);
    }

    [Fact]
    public async Task HttpNode_ErrorStatus_TakesErrorPort()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/status/503" });
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal(("Failed", "error", "HTTP_ERROR"), (step.Status, step.Port, step.Error!.Code));
        Assert.Equal("bad", run.Steps.Last().NodeId);
        Assert.Equal("Completed", run.Status);
    }

    [Fact]
    public async Task HttpNode_ErrorWithoutErrorEdge_FailsTheRun()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/status/500" }, errorEdge: false);
        Assert.Equal("Failed", run.Status);
        Assert.Equal("HTTP_ERROR", run.Error!.Code);
        Assert.Null(run.Steps.Last().Port);
    }

    [Fact]
    public async Task HttpNode_Timeout_FailsWithHttpTimeout()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/slow", timeout = "PT0.3S" });
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal("HTTP_TIMEOUT", step.Error!.Code);
        Assert.Equal("error", step.Port);
    }

    [Fact]
    public async Task HttpNode_NonJsonResponseWithCapture_WarnsAndCompletes()
    {
        var run = await RunHttpAsync(new { id = "call", type = "http", label = "Call", url = _server.BaseUrl + "/text", capture = new { id = "$.id" } });
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal("Completed", step.Status);
        Assert.Contains("The response is not JSON, so nothing was captured.", step.Warnings);
    }
}
