using FlowRuns.Engine.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Access;

/// <summary>
/// How long runs are kept, as the workspace setting an owner sets on <c>/settings</c>; until one is set, the configured
/// <c>FlowRuns:Retention:Days</c> (90). The retention purge asks before every pass.
/// </summary>
public sealed class WorkspaceRetention(IDbContextFactory<AccessDbContext> contexts, IOptions<RetentionOptions> configured, AuditTrail audit, TimeProvider time) : IRetentionPolicy
{
    public const int MaxDays = 3650;

    public async Task<int> DaysAsync(CancellationToken cancellationToken) => (await CurrentAsync(cancellationToken)).Days;

    /// <summary>The retention in force, and who set it when (null: the configured default).</summary>
    public async Task<(int Days, WorkspaceSetting? Setting)> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var setting = await db.WorkspaceSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == WorkspaceSetting.RetentionDays, cancellationToken);
        return setting is not null && int.TryParse(setting.Value, out var days) ? (days, setting) : (configured.Value.Days, null);
    }

    /// <summary>Sets the retention (0 keeps runs forever, at most <see cref="MaxDays"/>); null when it worked, else why not.</summary>
    public async Task<string?> SetAsync(int days, Actor by, CancellationToken cancellationToken = default)
    {
        if (!by.IsOwner) return "Only an owner changes the retention.";
        if (days is < 0 or > MaxDays) return $"Keep runs between 1 and {MaxDays:N0} days, or 0 for forever.";
        var (before, _) = await CurrentAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var setting = await db.WorkspaceSettings.FirstOrDefaultAsync(s => s.Key == WorkspaceSetting.RetentionDays, cancellationToken);
        if (setting is null) db.WorkspaceSettings.Add(setting = new WorkspaceSetting { Key = WorkspaceSetting.RetentionDays });
        setting.Value = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        setting.UpdatedAt = time.GetUtcNow();
        setting.UpdatedBy = by.Name;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(by, AuditActions.RetentionChanged, $"retention {Describe(before)} → {Describe(days)}", cancellationToken: cancellationToken);
        return null;
    }

    public static string Describe(int days) => days == 0 ? "forever" : $"{days:N0} days";
}
