namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// One node of one flow (all versions, test runs excluded): how many steps ended on it and how long they took.
/// Kept by SQLite triggers on <c>Steps</c>; the Overview's slowest steps read it.
/// </summary>
public sealed class NodeStatsRecord
{
    public int FlowId { get; set; }
    public required string NodeId { get; set; }
    public long Steps { get; set; }
    public double TotalMs { get; set; }
    public double MaxMs { get; set; }
}
