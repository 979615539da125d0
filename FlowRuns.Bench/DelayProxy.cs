using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace FlowRuns.Bench;

/// <summary>
/// A loopback TCP proxy that holds every chunk for a fixed time in each direction, in order: the browser talks to the app
/// as over a link with twice that round-trip time (HTTP and the circuit's WebSocket alike).
/// </summary>
internal sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly TimeSpan _oneWay;
    private readonly CancellationTokenSource _stop = new();

    private DelayProxy(int target, TimeSpan oneWay)
    {
        _target = target;
        _oneWay = oneWay;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A proxy to <paramref name="targetPort"/> adding <paramref name="roundTrip"/> to every round trip.</summary>
    public static DelayProxy Start(int targetPort, TimeSpan roundTrip) => new(targetPort, roundTrip / 2);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                client.NoDelay = server.NoDelay = true;
                await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception) when (_stop.IsCancellationRequested) { }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    /// <summary>Reads as data comes and writes each chunk once it has been held for the one-way delay.</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, data) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), _stop.Token);
                await to.WriteAsync(data, _stop.Token);
                await to.FlushAsync(_stop.Token);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
                chunks.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
        }
        finally
        {
            chunks.Writer.TryComplete();
        }
        await writer;
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
