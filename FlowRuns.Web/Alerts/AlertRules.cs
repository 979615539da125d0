using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Alerts;

/// <summary>The workspace's alert rules and what they fired: add (checked, each problem with its field), remove, list, acknowledge.</summary>
public sealed class AlertRules(IDbContextFactory<AccessDbContext> contexts, RunCountQueries runs, TimeProvider time)
{
    public sealed record Problem(string Field, string Message);

    /// <summary>Checks <paramref name="request"/>; stores it as a rule by <paramref name="by"/> when it has no problem.</summary>
    public async Task<(AlertRule? Rule, Problem? Problem)> AddAsync(AlertRuleRequest request, string by, CancellationToken cancellationToken = default)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > AlertKinds.MaxNameLength)
            return (null, new("name", $"'name' is required, at most {AlertKinds.MaxNameLength} characters."));
        if (request.Kind is not { } kind || !AlertKinds.All.Contains(kind))
            return (null, new("kind", $"'kind' is one of {string.Join(", ", AlertKinds.All)}."));
        var flow = string.IsNullOrWhiteSpace(request.Flow) ? null : request.Flow.Trim();
        if (flow is not null && await runs.CurrentVersionAsync(flow, cancellationToken) is null)
            return (null, new("flow", $"No flow has the key '{(flow.Length > 100 ? flow[..100] + "…" : flow)}'."));
        if (kind == AlertKinds.FailureRate && flow is null)
            return (null, new("flow", "A failure-rate rule watches one flow's newest version: give 'flow'."));
        if (request.Minutes is not { } minutes || minutes < 1 || minutes > AlertKinds.MaxMinutes)
            return (null, new("minutes", $"'minutes' ({(kind == AlertKinds.Waiting ? "how long a run may wait" : "the window")}) is a whole number from 1 to {AlertKinds.MaxMinutes}."));
        var threshold = 0;
        if (kind == AlertKinds.Failures && (request.Threshold is not { } n || n < 0 || n > AlertKinds.MaxFailures))
            return (null, new("threshold", $"'threshold' (fires when more runs than this failed) is a whole number from 0 to {AlertKinds.MaxFailures}."));
        if (kind == AlertKinds.FailureRate && (request.Threshold is not { } x || x < 1 || x > 99))
            return (null, new("threshold", "'threshold' (fires when more than this percentage of runs failed) is a whole number from 1 to 99."));
        if (kind != AlertKinds.Waiting) threshold = request.Threshold!.Value;
        var webhook = string.IsNullOrWhiteSpace(request.WebhookUrl) ? null : request.WebhookUrl.Trim();
        if (webhook is not null && (webhook.Length > AlertKinds.MaxWebhookLength || !Uri.TryCreate(webhook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            return (null, new("webhookUrl", $"'webhookUrl' is an absolute http or https address of at most {AlertKinds.MaxWebhookLength} characters."));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.AlertRules.CountAsync(cancellationToken) >= AlertKinds.MaxRules)
            return (null, new("kind", $"A workspace has at most {AlertKinds.MaxRules} alert rules; remove one first."));
        var rule = new AlertRule
        {
            Name = name, Kind = kind, FlowKey = flow, Threshold = threshold, Minutes = minutes, WebhookUrl = webhook,
            CreatedBy = by.Length <= 256 ? by : by[..256], CreatedAt = time.GetUtcNow(),
        };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return (rule, null);
    }

    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The latest fired alerts, newest first.</summary>
    public async Task<IReadOnlyList<FiredAlert>> FiredAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FiredAlerts.AsNoTracking().OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
    }

    public async Task<int> UnacknowledgedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FiredAlerts.CountAsync(a => a.AcknowledgedAt == null, cancellationToken);
    }

    /// <summary>Marks every fired alert not yet acknowledged as seen by <paramref name="by"/>; returns how many.</summary>
    public async Task<int> AcknowledgeAllAsync(string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.FiredAlerts.Where(a => a.AcknowledgedAt == null)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.AcknowledgedAt, now).SetProperty(x => x.AcknowledgedBy, by), cancellationToken);
    }
}
