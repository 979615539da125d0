using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>A flow: its key, name, status and which version is current.</summary>
public sealed class FlowRecord
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public FlowStatus Status { get; set; }
    public int CurrentVersion { get; set; }
    public required string TriggerType { get; set; }
    public string? TriggerEvent { get; set; }
    /// <summary>For a schedule trigger: when it next fires.</summary>
    public DateTimeOffset? NextScheduledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<FlowVersionRecord> Versions { get; set; } = [];
}
