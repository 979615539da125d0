using System.Net;
using System.Net.Sockets;

namespace FlowRuns.Engine.Nodes.Http;

/// <summary>Decides which addresses an <c>http</c> node may reach: never loopback, private, link-local, CGNAT or metadata ones.</summary>
public static class HttpTargetGuard
{
    private static readonly (IPAddress Network, int Prefix, string Why)[] BlockedRanges =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "an unspecified address"),
        (IPAddress.Parse("127.0.0.0"), 8, "a loopback address"),
        (IPAddress.Parse("10.0.0.0"), 8, "a private address"),
        (IPAddress.Parse("172.16.0.0"), 12, "a private address"),
        (IPAddress.Parse("192.168.0.0"), 16, "a private address"),
        (IPAddress.Parse("169.254.0.0"), 16, "a link-local or cloud-metadata address"),
        (IPAddress.Parse("100.64.0.0"), 10, "a carrier-grade NAT address"),
        (IPAddress.Parse("192.0.0.0"), 24, "an IETF protocol address"),
        (IPAddress.Parse("198.18.0.0"), 15, "a benchmarking address"),
        (IPAddress.Parse("192.0.2.0"), 24, "a documentation address"),
        (IPAddress.Parse("198.51.100.0"), 24, "a documentation address"),
        (IPAddress.Parse("203.0.113.0"), 24, "a documentation address"),
        (IPAddress.Parse("224.0.0.0"), 4, "a multicast address"),
        (IPAddress.Parse("240.0.0.0"), 4, "a reserved or broadcast address"),
        (IPAddress.Parse("::"), 128, "an unspecified address"),
        (IPAddress.Parse("::1"), 128, "a loopback address"),
        // IPv6 forms that carry an IPv4 address inside: they could lead to any blocked IPv4 range.
        (IPAddress.Parse("::"), 96, "an IPv4-compatible IPv6 address (it embeds an IPv4 address)"),
        (IPAddress.Parse("64:ff9b::"), 96, "a NAT64 address (it embeds an IPv4 address)"),
        (IPAddress.Parse("64:ff9b:1::"), 48, "a local NAT64 address (it embeds an IPv4 address)"),
        (IPAddress.Parse("2002::"), 16, "a 6to4 address (it embeds an IPv4 address)"),
        (IPAddress.Parse("2001::"), 32, "a Teredo address (it embeds an IPv4 address)"),
        (IPAddress.Parse("2001:db8::"), 32, "a documentation address"),
        (IPAddress.Parse("100::"), 64, "a discard-only address"),
        (IPAddress.Parse("fc00::"), 7, "a private (unique-local) or cloud-metadata address"),
        (IPAddress.Parse("fe80::"), 10, "a link-local address"),
        (IPAddress.Parse("ff00::"), 8, "a multicast address"),
    ];

    /// <summary>Why <paramref name="address"/> is refused, or null when it may be reached.</summary>
    public static string? WhyBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        address = new IPAddress(address.GetAddressBytes()); // without a scope id
        foreach (var (network, prefix, why) in BlockedRanges)
            if (network.AddressFamily == address.AddressFamily && InRange(address, network, prefix))
                return why;
        if (OwnAddresses().Contains(address)) return "an address of this machine";
        return null;
    }

    private static (DateTime At, HashSet<IPAddress> Addresses) _own = (DateTime.MinValue, []);

    /// <summary>This machine's own interface addresses (looked up again after a minute: interfaces come and go).</summary>
    private static HashSet<IPAddress> OwnAddresses()
    {
        var own = _own;
        if (DateTime.UtcNow - own.At < TimeSpan.FromMinutes(1)) return own.Addresses;
        HashSet<IPAddress> addresses;
        try
        {
            addresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address.IsIPv4MappedToIPv6 ? u.Address.MapToIPv4() : new IPAddress(u.Address.GetAddressBytes()))
                .ToHashSet();
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            addresses = own.Addresses;
        }
        _own = (DateTime.UtcNow, addresses);
        return addresses;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var fullBytes = prefix / 8;
        for (var i = 0; i < fullBytes; i++)
            if (a[i] != n[i]) return false;
        var rest = prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[fullBytes] & mask) == (n[fullBytes] & mask);
    }

    /// <summary>Resolves <paramref name="host"/> and connects to its first permitted address; throws <see cref="HttpBlockedTargetException"/> otherwise.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, IReadOnlyCollection<string> allowedHosts, CancellationToken cancellationToken)
    {
        var allowed = allowedHosts.Contains(endPoint.Host, StringComparer.OrdinalIgnoreCase);
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        if (!allowed)
            foreach (var address in addresses)
                if (WhyBlocked(address) is { } why)
                    throw new HttpBlockedTargetException($"{endPoint.Host} resolves to {address}, {why}.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
