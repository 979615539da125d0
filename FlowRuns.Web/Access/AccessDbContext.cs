using FlowRuns.Engine.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Access;

/// <summary>
/// Who may use FlowRuns and what they did: Identity's users, API keys, invitations, the audit trail, workspace settings
/// and the Data Protection keys that sign cookies. Same store file as the runs, its own migrations
/// (<c>Access/Migrations</c>, history in <c>__AccessMigrationsHistory</c>) so the engine knows nothing of it.
/// </summary>
/// <remarks>On PostgreSQL the app gets <see cref="Postgres.PostgresAccessDbContext"/>, which carries that provider's migrations.</remarks>
public class AccessDbContext : IdentityUserContext<FlowRunsUser>, IDataProtectionKeyContext
{
    public AccessDbContext(DbContextOptions<AccessDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass (<see cref="Postgres.PostgresAccessDbContext"/>).</summary>
    protected AccessDbContext(DbContextOptions options) : base(options)
    {
    }

    public const string MigrationsHistoryTable = "__AccessMigrationsHistory";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<WorkspaceSetting> WorkspaceSettings => Set<WorkspaceSetting>();

    public DbSet<Review.RunCheck> RunChecks => Set<Review.RunCheck>();

    public DbSet<Alerts.AlertRule> AlertRules => Set<Alerts.AlertRule>();

    public DbSet<Alerts.FiredAlert> FiredAlerts => Set<Alerts.FiredAlert>();

    public DbSet<Authoring.FlowDraft> FlowDrafts => Set<Authoring.FlowDraft>();

    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<FlowRunsUser>(user =>
        {
            user.Property(u => u.Role).HasMaxLength(16);
            user.Property(u => u.CreatedBy).HasMaxLength(256);
        });
        builder.Entity<ApiKey>(key =>
        {
            key.HasIndex(k => k.Prefix);
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Role).HasMaxLength(16);
        });
        builder.Entity<AuditEntry>(entry =>
        {
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.FlowKey, e.At });
            entry.HasIndex(e => new { e.RunId, e.At });
            entry.Property(e => e.Actor).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Detail).HasMaxLength(2000);
            entry.Property(e => e.Address).HasMaxLength(64);
        });
        builder.Entity<Review.RunCheck>(check =>
        {
            check.HasIndex(c => new { c.Reviewer, c.FlowKey, c.Version, c.RunId }).IsUnique();
            check.Property(c => c.Reviewer).HasMaxLength(256);
            check.Property(c => c.FlowKey).HasMaxLength(100);
            check.Property(c => c.RunId).HasMaxLength(32);
        });
        builder.Entity<Alerts.AlertRule>(rule =>
        {
            rule.Property(r => r.Name).HasMaxLength(Alerts.AlertKinds.MaxNameLength);
            rule.Property(r => r.Kind).HasMaxLength(16);
            rule.Property(r => r.FlowKey).HasMaxLength(100);
            rule.Property(r => r.WebhookUrl).HasMaxLength(Alerts.AlertKinds.MaxWebhookLength);
            rule.Property(r => r.CreatedBy).HasMaxLength(256);
        });
        builder.Entity<Alerts.FiredAlert>(alert =>
        {
            alert.HasIndex(a => a.AcknowledgedAt);
            alert.Property(a => a.RuleName).HasMaxLength(Alerts.AlertKinds.MaxNameLength);
            alert.Property(a => a.Kind).HasMaxLength(16);
            alert.Property(a => a.FlowKey).HasMaxLength(100);
            alert.Property(a => a.Message).HasMaxLength(500);
            alert.Property(a => a.RunsLink).HasMaxLength(400);
            alert.Property(a => a.WebhookResult).HasMaxLength(500);
            alert.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        });
        builder.Entity<Invitation>(invitation =>
        {
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.Property(i => i.Email).HasMaxLength(256);
        });
        builder.Entity<WorkspaceSetting>(setting => setting.HasKey(s => s.Key));
        builder.Entity<Authoring.FlowDraft>(draft =>
        {
            draft.HasKey(d => d.FlowKey);
            draft.Property(d => d.FlowKey).HasMaxLength(100);
            draft.Property(d => d.SavedBy).HasMaxLength(256);
        });
    }
}
