using System.Net;
using FlowRuns.Engine.Nodes.Http;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Nodes;

/// <summary>The http node refuses loopback, private, link-local, CGNAT and metadata targets — after DNS and on redirects.</summary>
public class HttpTargetGuardTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _engine = await TestEngine.StartAsync();
        await _engine.CreateContactAsync("c-1");
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("192.0.2.10", "documentation")]
    [InlineData("198.51.100.7", "documentation")]
    [InlineData("203.0.113.99", "documentation")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("239.1.2.3", "multicast")]
    [InlineData("64:ff9b::7f00:1", "NAT64")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64")]
    [InlineData("2002:7f00:1::1", "6to4")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("2001:db8::1", "documentation")]
    public void BlockedAddresses_AreRefusedWithTheReason(string address, string reason) =>
        Assert.Contains(reason, HttpTargetGuard.WhyBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    public void PublicAddresses_AreAllowed(string address) => Assert.Null(HttpTargetGuard.WhyBlocked(IPAddress.Parse(address)));

    [Fact]
    public void ThisMachinesOwnInterfaceAddresses_AreRefused()
    {
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a)).ToList();
        Assert.NotEmpty(own); // a machine with a network has one; loopback alone would say nothing here
        Assert.All(own, a => Assert.NotNull(HttpTargetGuard.WhyBlocked(a)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/json")]
    [InlineData("http://[::1]:{port}/json")]
    [InlineData("http://localhost:{port}/json")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    public async Task HttpNode_ToABlockedTarget_FailsWithHttpBlockedTarget_WithoutCallingIt(string url)
    {
        var run = await RunAsync(url.Replace("{port}", new Uri(_server.BaseUrl).Port.ToString()));
        var step = run.Steps.Single(s => s.NodeId == "call");
        Assert.Equal("HTTP_BLOCKED_TARGET", step.Error!.Code);
        Assert.Equal(0, _server.Calls);
    }

    [Fact]
    public async Task AllowListedHost_IsReached_ButARedirectFromItToABlockedAddressIsRefused()
    {
        await _engine.DisposeAsync();
        _engine = await _engine.ReopenAsync(o => o.Http.AllowedHosts = ["127.0.0.1"]);
        var ok = await RunAsync(_server.BaseUrl + "/json");
        Assert.Equal("Completed", ok.Steps.Single(s => s.NodeId == "call").Status);

        var redirected = await RunAsync(_server.BaseUrl + "/redirect?to=" + Uri.EscapeDataString("http://127.0.0.2:9/inside"));
        var step = redirected.Steps.Single(s => s.NodeId == "call");
        Assert.Equal("HTTP_BLOCKED_TARGET", step.Error!.Code);
        Assert.Contains("127.0.0.2", step.Error.Message);
    }

    private async Task<FlowRuns.Engine.Persistence.Queries.RunDetail> RunAsync(string url)
    {
        await _engine.PublishAsync(Json.Flow("guard",
            [new { id = "call", type = "http", label = "Call", url, timeout = "PT5S" }, new { id = "ok", type = "end", label = "OK" }, new { id = "bad", type = "end", label = "Bad" }],
            [new { from = "start", to = "call" }, new { from = "call", to = "ok" }, new { from = "call", to = "bad", when = "error" }]));
        return await _engine.RunAsync("guard", "c-1");
    }
}
