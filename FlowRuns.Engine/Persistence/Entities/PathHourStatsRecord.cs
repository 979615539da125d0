namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// How many runs of one flow version took one path and ended in one UTC hour, by outcome, and when the latest of them
/// ended. Kept by triggers on <c>Runs</c> (<see cref="PathStatsTriggers"/>) in the writer's transaction, so a version's
/// paths are added up from (paths × hours) rows, not from a million runs.
/// </summary>
public sealed class PathHourStatsRecord
{
    public int FlowId { get; set; }
    public int Version { get; set; }
    public int PathId { get; set; }
    /// <summary>Hours since 0001-01-01 (UTC ticks / ticks per hour) of the runs' end.</summary>
    public int Hour { get; set; }
    public long Runs { get; set; }
    public long Completed { get; set; }
    public long Failed { get; set; }
    public long Cancelled { get; set; }
    /// <summary>When the latest of these runs ended (UTC ticks).</summary>
    public long LastEndedAt { get; set; }
}
