using FlowRuns.Engine.Execution;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Nodes.Http;

/// <summary>The one HttpClient the http nodes share; every connection, each redirect hop included, passes the target guard.</summary>
public sealed class HttpNodeClient : IDisposable
{
    public HttpNodeClient(IOptions<FlowRunsEngineOptions> options)
    {
        var allowed = options.Value.Http.AllowedHosts.ToArray();
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (context, ct) => HttpTargetGuard.ConnectAsync(context.DnsEndPoint, allowed, ct),
            AllowAutoRedirect = false, // the http node follows redirects itself, dropping the flow's headers and body across origins
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
        };
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
