using System.Net;
using System.Net.Sockets;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A loopback port that leads to <c>targetPort</c> only while open: closed, nothing listens on it (a connection is
/// refused) and every connection made through it is cut. What a test uses to make a server unreachable and reachable again.
/// </summary>
public sealed class TcpGate(int targetPort) : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    /// <summary>The gate's own port (free while the gate is closed).</summary>
    public int Port { get; } = AppProcess.FreePort();

    public void Open()
    {
        lock (_lock)
        {
            if (_listener is not null) return;
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptAsync(_listener);
        }
    }

    /// <summary>Stops listening and cuts every connection that went through.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(); }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { return; } // closed
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, targetPort);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (_lock)
            {
                if (_listener != listener)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }
                _open.Add(inbound);
                _open.Add(outbound);
            }
            _ = PipeAsync(inbound, outbound);
            _ = PipeAsync(outbound, inbound);
        }
    }

    private static async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // cut
        }
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
