using System.Diagnostics.Metrics;

namespace FlowRuns.Web.Live;

/// <summary>
/// The live path's measurements on the <see cref="MeterName"/> meter (<c>dotnet-counters monitor -n FlowRuns.Web
/// --counters FlowRuns.Web,FlowRuns.Engine</c>): from a change's time to the relay picking it up, and the hub send
/// (through the Redis backplane when there is one).
/// </summary>
public static class LiveMetrics
{
    public const string MeterName = "FlowRuns.Web";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>From the change's own time (stamped before its commit) to the relay reading it: the commit and the engine's stream.</summary>
    public static readonly Histogram<double> ChangeToRelay = Meter.CreateHistogram<double>(
        "flowruns.live.change_to_relay", "ms", "Time from a run change to the relay reading it (its commit included)");

    /// <summary>The relay's send of one change to the hub groups (a Redis publish when scaled out).</summary>
    public static readonly Histogram<double> HubSend = Meter.CreateHistogram<double>(
        "flowruns.live.hub_send", "ms", "Time the relay took to send one change to its hub groups");
}
