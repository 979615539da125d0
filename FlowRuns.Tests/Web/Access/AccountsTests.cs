using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using FlowRuns.Engine.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>Users and workspace settings through the same services the pages use: invitations, roles, the last owner, retention.</summary>
public class AccountsTests : ApiScope
{
    protected override bool SeedDemo => false;

    private Accounts Accounts => App.Services.GetRequiredService<Accounts>();

    private static readonly Actor Owner = new("owner@flowruns.test", Roles.Owner, "127.0.0.1");

    [Fact]
    public async Task AnInvitation_CreatesTheUserWithItsRole_Once()
    {
        var (outcome, token) = await Accounts.InviteAsync("vera@example.com", Roles.Viewer, Owner);
        Assert.True(outcome.Succeeded, outcome.Problem);
        Assert.NotNull(await Accounts.FindInvitationAsync(token));
        Assert.False((await Accounts.AcceptInvitationAsync(token!, "short", null)).Succeeded); // Identity's password rules apply
        Assert.True((await Accounts.AcceptInvitationAsync(token!, "a long enough password", null)).Succeeded);
        var user = (await Accounts.ListAsync()).Single(u => u.Email == "vera@example.com");
        Assert.Equal(Roles.Viewer, user.Role);
        Assert.NotEqual("a long enough password", user.PasswordHash);
        Assert.Null(await Accounts.FindInvitationAsync(token));
        Assert.False((await Accounts.AcceptInvitationAsync(token!, "another long password", null)).Succeeded);
        Assert.False((await Accounts.InviteAsync("vera@example.com", Roles.Manager, Owner)).Outcome.Succeeded); // has an account already
        var audit = await App.Services.GetRequiredService<AuditTrail>().ListAsync(new AuditTrail.Filter());
        Assert.Contains(audit, e => e.Action == AuditActions.UserInvited && e.Actor == Owner.Name && e.Detail.Contains("vera@example.com"));
        Assert.Contains(audit, e => e.Action == AuditActions.UserCreated && e.Detail == "vera@example.com created as viewer" && e.Actor == "invitation by owner@flowruns.test");
    }

    [Fact]
    public async Task TheLastOwner_CanBeNeitherDemotedNorDisabled()
    {
        Assert.True((await Accounts.CreateUserAsync("first@example.com", "first owner password", Roles.Owner, Owner)).Succeeded);
        var first = (await Accounts.ListAsync()).Single();
        Assert.Contains("needs an owner", (await Accounts.ChangeRoleAsync(first.Id, Roles.Viewer, Owner)).Problem);
        Assert.Contains("needs an owner", (await Accounts.SetDisabledAsync(first.Id, true, Owner)).Problem);
        Assert.True((await Accounts.CreateUserAsync("second@example.com", "second owner password", Roles.Owner, Owner)).Succeeded);
        Assert.True((await Accounts.ChangeRoleAsync(first.Id, Roles.Manager, Owner)).Succeeded);
        Assert.True((await Accounts.SetDisabledAsync(first.Id, true, Owner)).Succeeded);
        var changed = (await Accounts.ListAsync()).Single(u => u.Email == "first@example.com");
        Assert.Equal(Roles.Manager, changed.Role);
        Assert.True(changed.Disabled);
        Assert.NotEqual(first.SecurityStamp, changed.SecurityStamp); // open sessions re-check and end
        var audit = await App.Services.GetRequiredService<AuditTrail>().ListAsync(new AuditTrail.Filter());
        Assert.Contains(audit, e => e.Action == AuditActions.RoleChanged && e.Detail == "first@example.com: owner → manager");
        Assert.Contains(audit, e => e.Action == AuditActions.UserDisabled);
    }

    [Fact]
    public async Task Retention_IsAnOwnersSetting_AndThePurgeReadsIt()
    {
        var retention = App.Services.GetRequiredService<WorkspaceRetention>();
        Assert.Equal(90, await App.Services.GetRequiredService<IRetentionPolicy>().DaysAsync(default)); // the configured default
        Assert.NotNull(await retention.SetAsync(30, Owner with { Role = Roles.Manager }));
        Assert.NotNull(await retention.SetAsync(-1, Owner));
        Assert.NotNull(await retention.SetAsync(WorkspaceRetention.MaxDays + 1, Owner));
        Assert.Null(await retention.SetAsync(30, Owner));
        Assert.Equal(30, await App.Services.GetRequiredService<IRetentionPolicy>().DaysAsync(default));
        var (days, setting) = await retention.CurrentAsync();
        Assert.Equal(30, days);
        Assert.Equal(Owner.Name, setting!.UpdatedBy);
        var audit = await App.Services.GetRequiredService<AuditTrail>().ListAsync(new AuditTrail.Filter(Action: AuditActions.RetentionChanged));
        Assert.Equal("retention 90 days → 30 days", Assert.Single(audit).Detail);
    }
}
