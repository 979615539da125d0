using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// A PostgreSQL store several nodes share is migrated once, at deploy, not by each node as it starts: a node whose store
/// is behind refuses to start and says what to run; <c>migrate</c> brings it to the current schema; the node then starts.
/// </summary>
public class StoreMigrationsTests
{
    [Fact]
    public async Task ANodeOnAStoreThatIsBehind_RefusesToStart_AndStartsOnceMigrateHasRun()
    {
        var server = await PostgresServer.SharedAsync();
        var name = $"t_migrate_{Guid.NewGuid():N}";
        var connection = await server.CreateEmptyDatabaseAsync(name);
        string[] settings = ["--FlowRuns:Database:Provider=Postgres", $"--FlowRuns:Database:ConnectionString={connection}"];
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync("unused.db", AppProcess.FreePort(), seedDemo: false, settings));
            Assert.Contains("schema is behind", refused.Message);
            Assert.Contains("migrate", refused.Message);

            var (exitCode, output) = await AppProcess.RunCommandAsync("migrate", settings);
            Assert.True(exitCode == 0, output);
            // Twice is harmless: a deploy script may run it on every release.
            Assert.Equal(0, (await AppProcess.RunCommandAsync("migrate", settings)).ExitCode);

            await using var app = await AppProcess.StartAsync("unused.db", seedDemo: true, settings);
            var flows = await app.Http.GetStringAsync("/api/flows");
            Assert.Contains("loan-approval", flows);
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }
}
