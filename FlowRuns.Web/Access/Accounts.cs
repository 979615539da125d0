using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Access;

/// <summary>
/// The people who sign in: create (first owner, invitation), change role, disable. The setup page, the invitation page,
/// the bootstrap settings and the tests all create users through <see cref="CreateUserAsync"/>. The workspace always
/// keeps one enabled owner: the last one can be neither demoted nor disabled.
/// </summary>
public sealed class Accounts(IServiceScopeFactory scopes, IDbContextFactory<AccessDbContext> contexts, AuditTrail audit, TimeProvider time, IOptions<AuthOptions> options)
{
    /// <summary>The outcome of an account change: null when it worked, else why not, in words.</summary>
    public sealed record Outcome(string? Problem)
    {
        public bool Succeeded => Problem is null;

        public static readonly Outcome Ok = new((string?)null);
    }

    public async Task<bool> AnyUserAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    public async Task<bool> AnyOwnerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Role == Roles.Owner && !u.Disabled, cancellationToken);
    }

    public async Task<IReadOnlyList<FlowRunsUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a user with a password (Identity's hashing and password rules) and a role; records it in the audit trail.</summary>
    public async Task<Outcome> CreateUserAsync(string email, string password, string role, Actor by, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnownUserRole(role)) return new($"'{role}' is not a role ({string.Join(", ", Roles.ForUsers)}).");
        email = email.Trim();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlowRunsUser>>();
        var user = new FlowRunsUser { UserName = email, Email = email, EmailConfirmed = true, Role = role, CreatedAt = time.GetUtcNow(), CreatedBy = by.Name };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return new(string.Join(" ", result.Errors.Select(e => e.Description)));
        await audit.RecordAsync(by, AuditActions.UserCreated, $"{email} created as {role}", cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>An invitation for <paramref name="email"/> as <paramref name="role"/>: the one-time token (shown once; only its hash is stored).</summary>
    public async Task<(Outcome Outcome, string? Token)> InviteAsync(string email, string role, Actor by, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!Roles.IsKnownUserRole(role)) return (new($"'{role}' is not a role."), null);
        if (email.Length is 0 or > 256 || !email.Contains('@')) return (new("Enter the email address of the person to invite."), null);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken)) return (new($"{email} already has an account."), null);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        db.Invitations.Add(new Invitation
        {
            TokenHash = ApiKeys.Hash(token), Email = email, Role = role, CreatedAt = time.GetUtcNow(), CreatedBy = by.Name,
            ExpiresAt = time.GetUtcNow() + options.Value.InvitationLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(by, AuditActions.UserInvited, $"{email} invited as {role}", cancellationToken: cancellationToken);
        return (Outcome.Ok, token);
    }

    /// <summary>The open invitation a token names, or null when it is unknown, used or expired.</summary>
    public async Task<Invitation?> FindInvitationAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = ApiKeys.Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash && i.UsedAt == null, cancellationToken);
        return invitation is not null && invitation.ExpiresAt > time.GetUtcNow() ? invitation : null;
    }

    /// <summary>Creates the invited user with the password they chose; the invitation is used up.</summary>
    public async Task<Outcome> AcceptInvitationAsync(string token, string password, string? address, CancellationToken cancellationToken = default)
    {
        var invitation = await FindInvitationAsync(token, cancellationToken);
        if (invitation is null) return new("This invitation link is not valid any more (used, expired or unknown). Ask an owner for a new one.");
        var created = await CreateUserAsync(invitation.Email, password, invitation.Role, new Actor($"invitation by {invitation.CreatedBy}", "", address), cancellationToken);
        if (!created.Succeeded) return created;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.UsedAt, time.GetUtcNow()), cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> ChangeRoleAsync(string userId, string role, Actor by, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnownUserRole(role)) return new($"'{role}' is not a role.");
        return await ChangeAsync(userId, by, cancellationToken, (user, owners) =>
        {
            if (user.Role == role) return UserChange.None;
            if (user.Role == Roles.Owner && owners <= 1 && !user.Disabled) return UserChange.Refused("The workspace needs an owner: make someone else owner first.");
            var from = user.Role;
            user.Role = role;
            return UserChange.Made(AuditActions.RoleChanged, $"{user.Email}: {from} → {role}");
        });
    }

    public async Task<Outcome> SetDisabledAsync(string userId, bool disabled, Actor by, CancellationToken cancellationToken = default) =>
        await ChangeAsync(userId, by, cancellationToken, (user, owners) =>
        {
            if (user.Disabled == disabled) return UserChange.None;
            if (disabled && user.Role == Roles.Owner && owners <= 1) return UserChange.Refused("The workspace needs an owner: the last one cannot be disabled.");
            user.Disabled = disabled;
            user.LockoutEnabled = true;
            user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
            return disabled ? UserChange.Made(AuditActions.UserDisabled, $"{user.Email} disabled") : UserChange.Made(AuditActions.UserEnabled, $"{user.Email} enabled");
        });

    /// <summary>Applies a change through Identity (new security stamp: open sessions re-check within the revalidation interval).</summary>
    private async Task<Outcome> ChangeAsync(string userId, Actor by, CancellationToken cancellationToken, Func<FlowRunsUser, int, UserChange> change)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlowRunsUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return new("No such user.");
        var owners = await users.Users.CountAsync(u => u.Role == Roles.Owner && !u.Disabled, cancellationToken);
        var made = change(user, owners);
        if (made.Problem is not null) return new(made.Problem);
        if (made.Action is null) return Outcome.Ok; // nothing to change
        var result = await users.UpdateAsync(user);
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) return new(string.Join(" ", result.Errors.Select(e => e.Description)));
        await audit.RecordAsync(by, made.Action, made.Detail, cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>What a change to a user came to: nothing, refused with a reason, or made (the audit action and its detail).</summary>
    private sealed record UserChange(string? Problem, string? Action, string Detail)
    {
        public static readonly UserChange None = new(null, null, "");

        public static UserChange Refused(string problem) => new(problem, null, "");

        public static UserChange Made(string action, string detail) => new(null, action, detail);
    }
}
