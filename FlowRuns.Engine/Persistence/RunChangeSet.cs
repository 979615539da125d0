using FlowRuns.Engine.Events;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Persistence;

/// <summary>What one run wants committed at once: its row, new or changed steps, new events and deliveries, and the notifications to raise after.</summary>
public sealed class RunChangeSet
{
    public RunRecord? Run { get; set; }
    public bool RunIsNew { get; set; }
    public List<(StepRecord Step, bool IsNew)> Steps { get; } = [];
    public List<RunEventRecord> Events { get; } = [];
    public List<DeliveryRecord> Deliveries { get; } = [];
    public List<RunStreamEvent> Notifications { get; } = [];

    public bool IsEmpty => Run is null && Steps.Count == 0 && Events.Count == 0 && Deliveries.Count == 0;
}
