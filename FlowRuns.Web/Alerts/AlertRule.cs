namespace FlowRuns.Web.Alerts;

/// <summary>
/// A condition someone asked to be told about, on one flow or the whole workspace (<see cref="FlowKey"/> null):
/// <see cref="AlertKinds.Failures"/> — more than <see cref="Threshold"/> runs failed in the last <see cref="Minutes"/>;
/// <see cref="AlertKinds.Waiting"/> — a run has waited longer than <see cref="Minutes"/>;
/// <see cref="AlertKinds.FailureRate"/> — over <see cref="Threshold"/> % of the runs of the flow's newest version that
/// ended in the last <see cref="Minutes"/> failed (once at least <see cref="AlertKinds.MinRunsForRate"/> ended).
/// Each firing goes to the bell and, when set, is posted to <see cref="WebhookUrl"/>.
/// </summary>
public sealed class AlertRule
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public string? FlowKey { get; set; }
    public int Threshold { get; set; }
    public int Minutes { get; set; }
    public string? WebhookUrl { get; set; }
    public bool Enabled { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last fired: it fires again only once its window (or wait) has passed since.</summary>
    public DateTimeOffset? LastFiredAt { get; set; }
}
