using System.Diagnostics;
using FlowRuns.Engine.Persistence.Postgres;
using FlowRuns.Web.Access.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's <c>postgresql</c> package (<c>initdb</c> into a temporary directory,
/// <c>postgres</c> on 127.0.0.1 and a free port, trust authentication, no fsync unless asked — nothing in it outlives the tests), for the
/// suite's PostgreSQL pass and the multi-node tests. Every test gets its own database, copied from a template migrated
/// once (<see cref="CreateDatabaseAsync"/>). Run as root, the server runs as the <c>postgres</c> user, as PostgreSQL
/// requires. Missing binaries fail the test with the command that installs them (test.sh and .ci/run do).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Template = "flowruns_template";
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartAsync());
    private readonly Process _process;
    private readonly string _directory;
    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private bool _templateReady;

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>One server for the whole test process (stopped when the process exits).</summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true, MaxPoolSize = 20 }.ToString();

    /// <summary>
    /// A database named <paramref name="name"/> at the current schema (both the engine's and the access migrations), made
    /// from the template unless it exists already (a test that reopens its store); returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await EnsureTemplateAsync();
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is not null) return ConnectionStringFor(name);
        }
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{Template}\"", connection))
            await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>An empty database named <paramref name="name"/> — no schema at all — for tests of migrating one.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Drops <paramref name="name"/>, closing whatever connections are still open on it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task EnsureTemplateAsync()
    {
        if (_templateReady) return;
        await _templateGate.WaitAsync();
        try
        {
            if (_templateReady) return;
            var template = ConnectionStringFor(Template);
            await using (var engine = new PostgresFlowRunsDbContext(new DbContextOptionsBuilder<PostgresFlowRunsDbContext>().UseNpgsql(template).Options))
                await engine.Database.MigrateAsync();
            await using (var access = new PostgresAccessDbContext(new DbContextOptionsBuilder<PostgresAccessDbContext>()
                             .UseNpgsql(template, npgsql => npgsql.MigrationsHistoryTable(FlowRuns.Web.Access.AccessDbContext.MigrationsHistoryTable)).Options))
                await access.Database.MigrateAsync();
            // A template must have no one connected while it is copied.
            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            _templateGate.Release();
        }
    }

    /// <summary>The directory holding Debian's PostgreSQL programs (the newest installed version).</summary>
    public static string? BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;

    /// <param name="durable">fsync and synchronous commit on (PostgreSQL's defaults, for benchmarks); off by default — nothing in a test server outlives it.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = BinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests need Debian's server. Install it with " +
            "'apt-get install -y postgresql' (test.sh and .ci/run do this).");
        var root = Environment.UserName == "root";
        RemoveAbandonedClusters();
        var directory = Path.Combine(Path.GetTempPath(), $"flowruns-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (root) await RunAsync("/usr/bin/chown", "postgres:postgres", directory);
        await RunAsync(Command(root, Path.Combine(bin, "initdb")), Arguments(root, Path.Combine(bin, "initdb"),
            "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));

        var port = AppProcess.FreePort();
        var postgres = Path.Combine(bin, "postgres");
        var info = new ProcessStartInfo(Command(root, postgres)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Arguments(root, postgres, "-D", Path.Combine(directory, "data"), "-p", port.ToString(), "-k", directory,
                     "-c", "listen_addresses=127.0.0.1", "-c", $"fsync={(durable ? "on" : "off")}", "-c", $"synchronous_commit={(durable ? "on" : "off")}",
                     "-c", $"full_page_writes={(durable ? "on" : "off")}", "-c", "max_connections=400", "-c", "shared_buffers=256MB"))
            info.ArgumentList.Add(argument);
        // FLOWRUNS_PG_LOG=<file>: the server's log goes there too, with every lock wait over 50 ms and every statement over 100 ms
        // (for a benchmark's "where did the time go").
        var logFile = Environment.GetEnvironmentVariable("FLOWRUNS_PG_LOG");
        if (!string.IsNullOrEmpty(logFile))
            foreach (var setting in new[] { "log_lock_waits=on", "deadlock_timeout=50ms", "log_min_duration_statement=100", "log_autovacuum_min_duration=0", "log_checkpoints=on", "log_line_prefix=%m [%p] " })
            {
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add(setting);
            }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (output)
            {
                output.Add(e.Data);
                if (!string.IsNullOrEmpty(logFile)) File.AppendAllLines(logFile, [e.Data]);
            }
            if (e.Data.Contains("database system is ready to accept connections")) ready.TrySetResult(); // the server's own signal
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) =>
        {
            lock (output) ready.TrySetException(new InvalidOperationException($"postgres exited: {string.Join(Environment.NewLine, output)}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresServer(process, directory, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            lock (output) throw new TimeoutException($"postgres did not say it was ready on port {port} within 60 s: {string.Join(Environment.NewLine, output)}");
        }
        return server;
    }

    /// <summary>
    /// Clusters of earlier test processes whose server is gone (a killed server can still be writing as its directory is
    /// deleted at exit, so that delete may fail): removed before a new one is made.
    /// </summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "flowruns-pg-*"))
        {
            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}")) continue;
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }

    private static string Command(bool root, string program) => root ? "/usr/sbin/runuser" : program;

    private static string[] Arguments(bool root, string program, params string[] arguments) =>
        root ? ["-u", "postgres", "--", program, .. arguments] : arguments;

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException) { }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
