using System.Globalization;
using System.Net.Http.Json;
using FlowRuns.Engine.Nodes.Http;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Alerts;

/// <summary>
/// Checks every enabled rule against the store at the time the clock says, and fires those whose condition holds:
/// a <see cref="FiredAlert"/> (the bell), then a POST to the rule's webhook through the same guarded client as the
/// <c>http</c> steps (no private or local addresses, no redirects followed, 10 s). A rule that fired stays quiet for its
/// window (or wait) before it can fire again, so one burst of failures is one alert.
/// </summary>
public sealed class AlertEvaluator(IDbContextFactory<AccessDbContext> contexts, RunCountQueries runs, HttpNodeClient http, AlertFeed feed,
    IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger)
{
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Evaluates every enabled rule once; returns the alerts that fired.</summary>
    public async Task<IReadOnlyList<FiredAlert>> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fired = new List<(FiredAlert Alert, string? Webhook)>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var rules = await db.AlertRules.Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            foreach (var rule in rules)
            {
                if (rule.LastFiredAt is { } last && now - last < TimeSpan.FromMinutes(rule.Minutes)) continue;
                if (await CheckAsync(rule, now, cancellationToken) is not { } alert) continue;
                rule.LastFiredAt = now;
                db.FiredAlerts.Add(alert);
                fired.Add((alert, rule.WebhookUrl));
            }
            if (fired.Count == 0) return [];
            await db.SaveChangesAsync(cancellationToken);
            var keepFrom = fired.Max(f => f.Alert.Id) - Math.Max(1, options.Value.MaxFiredKept);
            if (keepFrom > 0) await db.FiredAlerts.Where(a => a.Id <= keepFrom).ExecuteDeleteAsync(cancellationToken);
        }
        feed.Publish();
        foreach (var (alert, webhook) in fired.Where(f => f.Webhook is not null))
        {
            alert.WebhookResult = await PostAsync(webhook!, alert, cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await db.FiredAlerts.Where(a => a.Id == alert.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.WebhookResult, alert.WebhookResult), CancellationToken.None);
        }
        return fired.Select(f => f.Alert).ToList();
    }

    /// <summary>The alert <paramref name="rule"/> fires at <paramref name="now"/>, or null when its condition does not hold.</summary>
    private async Task<FiredAlert?> CheckAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromMinutes(rule.Minutes);
        var end = now.AddTicks(1); // the window is (now − M, now], a run that ended this very instant included
        var where = rule.FlowKey is null ? "" : $" of {rule.FlowKey}";
        var flowQuery = rule.FlowKey is null ? "" : "&flow=" + Uri.EscapeDataString(rule.FlowKey);
        switch (rule.Kind)
        {
            case AlertKinds.Failures:
            {
                var (_, failed) = await runs.EndedAsync(rule.FlowKey, null, now - window, end, cancellationToken);
                if (failed <= rule.Threshold) return null;
                return Alert(rule, now, failed, $"{failed} run{(failed == 1 ? "" : "s")}{where} failed in the last {AlertKinds.Minutes(rule.Minutes)} (more than {rule.Threshold}).",
                    $"/runs?status=Failed{flowQuery}&to={Iso(now)}");
            }
            case AlertKinds.Waiting:
            {
                var waiting = await runs.WaitingSinceAsync(rule.FlowKey, now - window, cancellationToken);
                if (waiting == 0) return null;
                // Runs that wait longer than the limit started before it: the list shows them all (with any younger waits of older runs).
                return Alert(rule, now, waiting, $"{waiting} run{(waiting == 1 ? "" : "s")}{where} {(waiting == 1 ? "has" : "have")} been waiting longer than {AlertKinds.Minutes(rule.Minutes)}.",
                    $"/runs?status=Waiting{flowQuery}&to={Iso(now - window)}");
            }
            case AlertKinds.FailureRate when rule.FlowKey is not null:
            {
                if (await runs.CurrentVersionAsync(rule.FlowKey, cancellationToken) is not { } version) return null;
                var (ended, failed) = await runs.EndedAsync(rule.FlowKey, version, now - window, end, cancellationToken);
                if (ended < AlertKinds.MinRunsForRate || failed * 100 <= rule.Threshold * ended) return null;
                var rate = (double)failed / ended;
                return Alert(rule, now, failed, $"{rate.ToString("P0", CultureInfo.InvariantCulture)} of the runs of {rule.FlowKey} v{version} that ended in the last {AlertKinds.Minutes(rule.Minutes)} failed ({failed} of {ended}; the limit is {rule.Threshold} %).",
                    $"/runs?status=Failed{flowQuery}&version={version}&to={Iso(now)}");
            }
            default:
                return null;
        }
    }

    private static FiredAlert Alert(AlertRule rule, DateTimeOffset now, int count, string message, string link) => new()
    {
        RuleId = rule.Id, RuleName = rule.Name, Kind = rule.Kind, FlowKey = rule.FlowKey, At = now, Count = count, Message = message, RunsLink = link,
    };

    /// <summary>A time for a run-list link, rounded up to the whole second (the list's "to" is exclusive, and reads whole seconds).</summary>
    private static string Iso(DateTimeOffset time)
    {
        var fraction = time.UtcTicks % TimeSpan.TicksPerSecond;
        var up = fraction == 0 ? time : time.AddTicks(TimeSpan.TicksPerSecond - fraction);
        return Uri.EscapeDataString(up.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    /// <summary>Posts the alert as JSON; returns what happened in words ("200 OK", or why it was not delivered).</summary>
    private async Task<string> PostAsync(string url, FiredAlert alert, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WebhookTimeout);
        try
        {
            using var response = await http.Client.PostAsJsonAsync(url, new
            {
                alert = alert.Id, rule = alert.RuleName, kind = alert.Kind, flow = alert.FlowKey, message = alert.Message, count = alert.Count,
                firedAt = alert.At, runs = alert.RunsLink,
            }, timeout.Token);
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or HttpBlockedTargetException)
        {
            var why = ex is OperationCanceledException ? $"no answer in {WebhookTimeout.TotalSeconds:0} s" : (ex.InnerException as HttpBlockedTargetException ?? ex).Message;
            logger.LogWarning("The webhook of alert rule {Rule} was not delivered: {Reason}", alert.RuleName, why);
            return "not delivered: " + why;
        }
    }
}
