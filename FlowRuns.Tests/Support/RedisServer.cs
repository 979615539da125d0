using System.Diagnostics;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A throwaway Debian <c>redis-server</c> on 127.0.0.1 and a free port, nothing saved to disk, for the multi-node tests.
/// A missing <c>/usr/bin/redis-server</c> fails the test with the command that installs it (test.sh and .ci/run do).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ServerPath = "/usr/bin/redis-server";
    private Process _process;

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
        var port = AppProcess.FreePort();
        var process = await StartProcessAsync(port);
        return new RedisServer(process, port);
    }

    /// <summary>Stops the server as an outage would (killed; the nodes' connections drop).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the server again on the same port (empty, as after an outage: nothing is saved).</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        _process.Dispose();
        _process = await StartProcessAsync(Port);
    }

    private static async Task<Process> StartProcessAsync(int port)
    {
        if (!File.Exists(ServerPath))
            throw new InvalidOperationException($"redis-server is missing at {ServerPath}: the multi-node tests need Debian's Redis. Install it with 'apt-get install -y redis-server' (test.sh and .ci/run do this).");
        var info = new ProcessStartInfo(ServerPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            info.ArgumentList.Add(argument);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.Contains("Ready to accept connections")) ready.TrySetResult(); // redis-server's own signal
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.Exited += (_, _) =>
        {
            lock (output) ready.TrySetException(new InvalidOperationException($"redis-server exited: {string.Join(Environment.NewLine, output)}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            lock (output) throw new TimeoutException($"redis-server did not say it was ready on port {port} within 30 s: {string.Join(Environment.NewLine, output)}");
        }
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
