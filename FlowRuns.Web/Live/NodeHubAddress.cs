using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FlowRuns.Web.Live;

/// <summary>
/// Where a circuit's hub client connects: this node itself — its first plain-http listening address, a wildcard host
/// (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) read as loopback — not the public address the browser used, which
/// behind a load balancer may lead to another node. Changes walked on other nodes reach this node's hub through the
/// Redis backplane (<c>FlowRuns:Redis</c>). A server with no such address (the in-memory test server, https only)
/// leaves the page's own address.
/// </summary>
public sealed class NodeHubAddress(IServer? server = null)
{
    private Uri? _own;

    public Uri For(string path, Uri pageBase)
    {
        var own = _own ??= Own();
        return new Uri(own ?? pageBase, path.TrimStart('/'));
    }

    private Uri? Own()
    {
        var addresses = server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            var rest = address["http://".Length..];
            var colon = rest.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(rest[(colon + 1)..].TrimEnd('/'), out var port)) continue;
            var host = rest[..colon] switch
            {
                "+" or "*" or "0.0.0.0" => "127.0.0.1",
                "[::]" => "[::1]",
                var named => named,
            };
            return new Uri($"http://{host}:{port}/");
        }
        return null;
    }
}
