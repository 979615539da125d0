using FlowRuns.Engine.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Access;

/// <summary>
/// At start, before the server takes requests: brings the access tables to the current schema (or, where the app does
/// not migrate at start, checks someone did), creates the bootstrap
/// owner account and owner key when configured and no owner exists yet, and — while the workspace has no users — prints
/// the one-time setup link. A bootstrap setting that cannot be honoured (a password Identity refuses, a key shorter than
/// 32 characters) stops the start with the reason: a deploy script should not come up half-configured.
/// </summary>
public sealed class AccessStartup(IDbContextFactory<AccessDbContext> contexts, StorageOptions storage, Accounts accounts, ApiKeys keys, SetupLink setup, IOptions<AuthOptions> options,
    IServer server, IHostApplicationLifetime lifetime, ILogger<AccessStartup> logger) : IHostedService
{
    private static readonly Actor Bootstrap = new("bootstrap settings", Roles.Owner, null);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (storage.MigratesAtStart) await db.Database.MigrateAsync(cancellationToken);
            else await StoreSchema.EnsureCurrentAsync(db, "access", cancellationToken);
        }

        var auth = options.Value;
        var ownerExisted = await accounts.AnyOwnerAsync(cancellationToken) || await keys.AnyOwnerKeyAsync(cancellationToken);
        if (auth.BootstrapOwner is { Email: { Length: > 0 } email, Password: { Length: > 0 } password })
        {
            if (!ownerExisted)
            {
                var created = await accounts.CreateUserAsync(email, password, Roles.Owner, Bootstrap, cancellationToken);
                if (!created.Succeeded) throw new InvalidOperationException($"FlowRuns:Auth:BootstrapOwner could not create {email}: {created.Problem}");
                logger.LogInformation("Created the owner account {Email} from FlowRuns:Auth:BootstrapOwner", email);
            }
            else logger.LogInformation("FlowRuns:Auth:BootstrapOwner is set but an owner exists already; nothing created");
        }
        if (auth.BootstrapOwnerKey is { Length: > 0 } ownerKey)
        {
            if (ownerKey.Length < ApiKeys.MinLength)
                throw new InvalidOperationException($"FlowRuns:Auth:BootstrapOwnerKey has {ownerKey.Length} characters; an API key needs at least {ApiKeys.MinLength}.");
            if (await keys.ExistsAsync(ownerKey, cancellationToken)) { }
            else if (!ownerExisted)
            {
                var (key, _) = await keys.CreateAsync("bootstrap owner key", Roles.Owner, Bootstrap.Name, ownerKey, cancellationToken);
                logger.LogInformation("Stored the owner API key {Prefix}… from FlowRuns:Auth:BootstrapOwnerKey (hashed)", key.Prefix);
            }
            else logger.LogInformation("FlowRuns:Auth:BootstrapOwnerKey is set but an owner exists already; the key was not stored");
        }

        if (!await accounts.AnyUserAsync(cancellationToken))
        {
            var path = setup.Issue();
            lifetime.ApplicationStarted.Register(() =>
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
                logger.LogWarning("No one can sign in yet. Create the owner account (one-time link, valid until used or the app restarts): {SetupLink}", address + path);
            });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
