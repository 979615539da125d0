using System.Diagnostics;

namespace FlowRuns.Bench;

/// <summary>The real FlowRuns web app started as a child process (its Release build) on a loopback port.</summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly Process _process;

    private BenchApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchApp> StartAsync(string databasePath, int port, bool seedDemo)
    {
        var dll = Path.Combine(RepositoryRoot(), "FlowRuns.Web", "bin", "Release", "net10.0", "FlowRuns.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"Build the app first: dotnet build -c Release ({dll} is missing).");
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, $"--Urls={baseUrl}", $"--FlowRuns:Database:Path={databasePath}", $"--FlowRuns:Demo:Seed={seedDemo}", "--FlowRuns:Demo:LiveTraffic=false", "--FlowRuns:Demo:History=false", "--Logging:LogLevel:Default=Warning" },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new BenchApp(process, baseUrl);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await app.Http.GetAsync("/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException($"The app exited with code {process.ExitCode}.");
            await Task.Delay(100);
        }
        throw new TimeoutException("The app did not become healthy in 60 s.");
    }

    /// <summary>Resident memory of the app process, from /proc.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
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
