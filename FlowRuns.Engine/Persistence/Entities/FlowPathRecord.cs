namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>
/// One distinct path through one flow version: the exact nodes its runs visited, in order, and the port each left by
/// (<see cref="Execution.RunPath"/>'s signature). Stored once; every ended run points at its path, so runs are grouped
/// by path with an indexed count, never by reading their steps.
/// </summary>
public sealed class FlowPathRecord
{
    public int Id { get; set; }
    public int FlowId { get; set; }
    public int Version { get; set; }
    public required string Signature { get; set; }
}
