using System.Net.Http.Headers;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>API keys: stored as a hash with a public prefix, refused once revoked or when any character differs.</summary>
public class ApiKeyTests : ApiScope
{
    private ApiKeys Keys => App.Services.GetRequiredService<ApiKeys>();

    private async Task<int> StatusWithAsync(string? bearer)
    {
        using var client = App.CreateAnonymousClient();
        if (bearer is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        return (int)(await client.GetAsync("/api/runs")).StatusCode;
    }

    [Fact]
    public async Task AKey_IsStoredAsItsHashAndPrefix_NeverInPlain()
    {
        var (key, plain) = await Keys.CreateAsync("crm sync", Roles.Ingest, "test");
        Assert.StartsWith(ApiKeys.GeneratedStart, plain);
        Assert.True(plain.Length >= 40, plain);
        Assert.Equal(plain[..ApiKeys.PrefixLength], key.Prefix);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plain))), key.Hash);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<AccessDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id);
            Assert.Equal(key.Hash, stored.Hash);
        }
        // Neither the new key nor the bootstrap owner key is anywhere in the store's files.
        SqliteCheckpoint(App.DatabasePath);
        var files = await StoreFiles.ReadAsync(App.DatabasePath);
        foreach (var secret in new[] { plain, TestAccess.OwnerKey })
        foreach (var (file, bytes) in files)
            Assert.False(Contains(bytes, System.Text.Encoding.UTF8.GetBytes(secret)), $"{file} holds a key in plain text");
    }

    [Fact]
    public async Task ARevokedKey_AKeyOffByOneCharacter_AndAShortOne_AreRefused()
    {
        var (key, plain) = await Keys.CreateAsync("to revoke", Roles.Viewer, "test");
        Assert.Equal(200, await StatusWithAsync(plain));
        Assert.Equal(401, await StatusWithAsync(plain[..^1] + (plain[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal(401, await StatusWithAsync(plain[..ApiKeys.PrefixLength]));
        Assert.Equal(401, await StatusWithAsync(new string('x', 5000)));
        Assert.NotNull(await Keys.RevokeAsync(key.Id, "test"));
        Assert.Equal(401, await StatusWithAsync(plain));
        Assert.Null(await Keys.RevokeAsync(key.Id, "test")); // already revoked
    }

    [Fact]
    public async Task AKeyInUse_ShowsWhenItWasLastUsed()
    {
        var (key, plain) = await Keys.CreateAsync("monitor", Roles.Viewer, "test");
        Assert.Null((await Keys.ListAsync()).Single(k => k.Id == key.Id).LastUsedAt);
        Assert.Equal(200, await StatusWithAsync(plain));
        Assert.NotNull((await Keys.ListAsync()).Single(k => k.Id == key.Id).LastUsedAt);
    }

    [Fact]
    public void TheCheck_ComparesHashesInConstantTime()
    {
        // The comparison itself is the framework's constant-time one; this guards against it being swapped for a plain one.
        var source = File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "FlowRuns.Web", "Access", "ApiKeys.cs"));
        Assert.Contains("CryptographicOperations.FixedTimeEquals(", source);
    }

    private static void SqliteCheckpoint(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
