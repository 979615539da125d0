using FlowRuns.Web.Live;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace FlowRuns.Tests.Web.Live;

/// <summary>A circuit's hub client connects to its own node: the first plain-http listening address, wildcards as loopback.</summary>
public class NodeHubAddressTests
{
    private static readonly Uri Page = new("https://flowruns.example.com/");

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/hubs/runs")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/hubs/runs")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/hubs/runs")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/hubs/runs")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/hubs/runs")]
    [InlineData("http://localhost:5001", "http://localhost:5001/hubs/runs")]
    public void TheNodesOwnHttpAddress_WithAWildcardReadAsLoopback(string listening, string expected) =>
        Assert.Equal(expected, new NodeHubAddress(Server(listening)).For("/hubs/runs", Page).ToString());

    [Fact]
    public void HttpsFirst_TheHttpAddressIsTaken() =>
        Assert.Equal("http://127.0.0.1:5000/hubs/runs", new NodeHubAddress(Server("https://0.0.0.0:5443", "http://127.0.0.1:5000")).For("/hubs/runs", Page).ToString());

    [Fact]
    public void NoPlainHttpAddress_OrNoServer_ThePagesOwnAddress()
    {
        Assert.Equal("https://flowruns.example.com/hubs/runs", new NodeHubAddress(Server("https://0.0.0.0:5443")).For("/hubs/runs", Page).ToString());
        Assert.Equal("https://flowruns.example.com/hubs/runs", new NodeHubAddress(Server()).For("/hubs/runs", Page).ToString());
        Assert.Equal("https://flowruns.example.com/hubs/runs", new NodeHubAddress().For("/hubs/runs", Page).ToString());
    }

    internal static IServer Server(params string[] addresses)
    {
        var feature = new ServerAddressesFeature();
        foreach (var address in addresses) feature.Addresses.Add(address);
        var features = new FeatureCollection();
        features.Set<IServerAddressesFeature>(feature);
        return new FakeServer(features);
    }

    private sealed class FakeServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features => features;
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }
}
