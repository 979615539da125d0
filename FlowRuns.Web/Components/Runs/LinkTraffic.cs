namespace FlowRuns.Web.Components.Runs;

/// <summary>How many runs went along one edge and their share of the version's runs (0–1); with another version, its share of the same edge.</summary>
public sealed record LinkTraffic(int Runs, double Share, double? ShareBefore)
{
    /// <summary>No run went along the edge.</summary>
    public static readonly LinkTraffic None = new(0, 0, null);
}
