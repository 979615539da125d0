using System.Diagnostics;
using System.Net.Sockets;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A throwaway Debian <c>redis-server</c> on 127.0.0.1 and a free port, nothing saved to disk, for the multi-node tests.
/// A missing <c>/usr/bin/redis-server</c> fails the test with the command that installs it (test.sh and .ci/run do).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ServerPath = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string the app takes as <c>FlowRuns:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(ServerPath))
            throw new InvalidOperationException($"redis-server is missing at {ServerPath}: the multi-node tests need Debian's Redis. Install it with 'apt-get install -y redis-server' (test.sh and .ci/run do this).");
        var port = AppProcess.FreePort();
        var info = new ProcessStartInfo(ServerPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}");
            if (await AnswersPingAsync(port)) return server;
            await Task.Delay(50);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"redis-server did not answer on port {port} within 30 s");
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG");
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
