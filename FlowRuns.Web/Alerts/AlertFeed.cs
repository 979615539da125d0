namespace FlowRuns.Web.Alerts;

/// <summary>Tells this node's open pages (the bell) that alerts fired or were acknowledged, so they re-read them.</summary>
public sealed class AlertFeed
{
    public event Action? Changed;

    public void Publish() => Changed?.Invoke();
}
