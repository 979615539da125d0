using System.Text.RegularExpressions;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>The first owner: a one-time setup link in the log when no one exists, or the bootstrap settings — never a default password.</summary>
public class BootstrapTests
{
    [Fact]
    public async Task AnEmptyWorkspace_PrintsASetupLink_AndNoOneCanGetIn()
    {
        var logs = new CapturedLogs();
        await using var app = new FlowRunsAppFactory(bootstrap: false, logs: logs);
        using var client = app.CreateClient();
        Assert.Equal(401, (int)(await client.GetAsync("/api/runs")).StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Contains("Create the owner account"));
        var token = Regex.Match(line, "/account/setup\\?token=([0-9a-f]{48})").Groups[1].Value;
        Assert.NotEmpty(token);
        var setup = app.Services.GetRequiredService<SetupLink>();
        Assert.True(setup.Matches(token));
        Assert.False(setup.Matches(token[..^1] + (token[^1] == '0' ? "1" : "0"))); // one digit off (never the same token)
        Assert.False(await app.Services.GetRequiredService<Accounts>().AnyUserAsync());
    }

    [Fact]
    public async Task TheBootstrapSettings_CreateAnOwnerAccountAndKey_OnlyWhileNoOwnerExists()
    {
        var database = Path.Combine(Path.GetTempPath(), $"flowruns-bootstrap-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["FlowRuns:Auth:BootstrapOwner:Email"] = "ops@example.com",
            ["FlowRuns:Auth:BootstrapOwner:Password"] = "a deploy script's password",
            ["FlowRuns:Auth:BootstrapOwnerKey"] = "deploy-key-0123456789abcdefghijklmnopqrstuv",
        };
        try
        {
            await using (var app = new FlowRunsAppFactory(settings: settings, bootstrap: false, store: database))
            {
                var users = await app.Services.GetRequiredService<Accounts>().ListAsync();
                Assert.Equal(Roles.Owner, Assert.Single(users).Role);
                using var client = app.CreateClient();
                TestAccess.UseKey(client, "deploy-key-0123456789abcdefghijklmnopqrstuv");
                Assert.Equal(200, (int)(await client.GetAsync("/api/runs")).StatusCode);
                Assert.False(app.Services.GetRequiredService<SetupLink>().IsOpen);
            }
            // Started again on the same store with other bootstrap values: an owner exists, so nothing new is created.
            settings["FlowRuns:Auth:BootstrapOwner:Email"] = "intruder@example.com";
            settings["FlowRuns:Auth:BootstrapOwnerKey"] = "another-key-0123456789abcdefghijklmnopqrstuv";
            await using (var again = new FlowRunsAppFactory(settings: settings, bootstrap: false, store: database))
            {
                Assert.Equal("ops@example.com", Assert.Single(await again.Services.GetRequiredService<Accounts>().ListAsync()).Email);
                using var client = again.CreateClient();
                TestAccess.UseKey(client, "another-key-0123456789abcdefghijklmnopqrstuv");
                Assert.Equal(401, (int)(await client.GetAsync("/api/runs")).StatusCode);
            }
        }
        finally
        {
            await TestStore.DeleteAsync(database);
        }
    }

    [Theory]
    [InlineData("FlowRuns:Auth:BootstrapOwnerKey", "too-short-key", "at least 32")]
    [InlineData("FlowRuns:Auth:BootstrapOwner:Password", "short", "could not create")]
    public async Task ABootstrapSettingThatCannotBeHonoured_StopsTheStart_WithTheReason(string setting, string value, string reason)
    {
        var settings = new Dictionary<string, string?> { ["FlowRuns:Auth:BootstrapOwner:Email"] = "ops@example.com", ["FlowRuns:Auth:BootstrapOwner:Password"] = "a long enough password", [setting] = value };
        await using var app = new FlowRunsAppFactory(settings: settings, bootstrap: false);
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(reason, failure.ToString());
    }
}
