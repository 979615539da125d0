using System.Diagnostics;

namespace FlowRuns.Tests.Support;

/// <summary>
/// The real FlowRuns web app started as a child process (its own build output) on a loopback port: for crash tests that
/// kill it with SIGKILL, and for benchmarks that measure it. Shared with FlowRuns.Bench as a linked source file.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OwnerKey);
    }

    /// <summary>The owner key the app is started with (FlowRuns:Auth:BootstrapOwnerKey); <see cref="Http"/> sends it.</summary>
    public const string OwnerKey = "process-owner-key-0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The owner account the app is started with (FlowRuns:Auth:BootstrapOwner): browsers sign in as it.</summary>
    public const string OwnerEmail = "process-owner@flowruns.test";
    public const string OwnerPassword = "Process-owner-pass-1";

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Polls <c>GET /api/runs/{id}</c> until the run has <paramref name="status"/>; fails with the status it last had after <paramref name="timeout"/> (30 s).</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> WaitForRunStatusAsync(string id, string status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        System.Text.Json.Nodes.JsonObject? run = null;
        while (DateTime.UtcNow < until)
        {
            run = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Http, $"/api/runs/{id}");
            if (run?["status"]?.GetValue<string>() == status) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Run {id} is {run?["status"]}, not {status}, after {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:F0} s");
    }

    public int ProcessId => _process.Id;

    private static readonly Lock LogGate = new();

    /// <summary>Starts the app over <paramref name="databasePath"/> and waits until <c>/healthz</c> answers.</summary>
    /// <summary>
    /// Starts the app on a free port of its own. A port found free can be taken by another process before the app binds it
    /// (a CI run met it): the app then exits saying so, and it is started again on another port, up to three times.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string databasePath, bool seedDemo, IReadOnlyList<string>? settings = null, string? configuration = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(databasePath, FreePort(), seedDemo, settings, configuration);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    public static async Task<AppProcess> StartAsync(string databasePath, int port, bool seedDemo, IReadOnlyList<string>? settings = null, string? configuration = null)
    {
        var dll = WebAppDll(configuration);
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, $"--Urls={baseUrl}", $"--FlowRuns:Database:Path={databasePath}", $"--FlowRuns:Demo:Seed={seedDemo}",
                     "--FlowRuns:Demo:LiveTraffic=false", "--FlowRuns:Demo:History=false", "--Logging:LogLevel:Default=Warning", $"--FlowRuns:Auth:BootstrapOwnerKey={OwnerKey}",
                     $"--FlowRuns:Auth:BootstrapOwner:Email={OwnerEmail}", $"--FlowRuns:Auth:BootstrapOwner:Password={OwnerPassword}" }.Concat(settings ?? []))
            info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        var errors = new List<string>();
        // FLOWRUNS_TEST_APP_LOG=<file> appends every line the app writes to that file (for a failing test).
        var logFile = Environment.GetEnvironmentVariable("FLOWRUNS_TEST_APP_LOG") is { Length: > 0 } file ? file : null;
        void Log(string? line)
        {
            if (line is null || logFile is null) return;
            lock (LogGate) File.AppendAllText(logFile, $"[{port}] {line}{Environment.NewLine}");
        }
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Log(e.Data);
            if (e.Data is not null) lock (errors) errors.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, baseUrl);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await app.Http.GetAsync("/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException($"The app exited with code {process.ExitCode}: {string.Join(Environment.NewLine, errors)}");
            await Task.Delay(100);
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not become healthy in 60 s.");
    }

    /// <summary>
    /// Runs the app's <paramref name="command"/> (e.g. <c>migrate</c>) with <paramref name="settings"/> to its end (60 s at
    /// most); returns its exit code and everything it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string command, IReadOnlyList<string> settings, string? configuration = null)
    {
        var dll = WebAppDll(configuration);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, command }.Concat(settings)) info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Kills the process at once (SIGKILL): nothing is flushed, nothing shuts down cleanly.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Resident memory of the app process, from /proc.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }

    /// <summary>CPU time (user + system) the app process has used so far, from /proc (clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web app's dll of <paramref name="configuration"/>, or of the newest build (Release or Debug) in the repository.</summary>
    public static string WebAppDll(string? configuration = null)
    {
        var candidates = (configuration is null ? new[] { "Release", "Debug" } : [configuration])
            .Select(c => Path.Combine(RepositoryRoot(), "FlowRuns.Web", "bin", c, "net10.0", "FlowRuns.Web.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException("Build the app first: dotnet build (FlowRuns.Web.dll not found).");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowRuns.sln"))) return dir.FullName;
        throw new InvalidOperationException("FlowRuns.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
