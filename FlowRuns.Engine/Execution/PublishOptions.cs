namespace FlowRuns.Engine.Execution;

/// <summary>
/// How a publish goes beyond the document: the change note kept with the new version, the status a flow published for
/// the first time starts in (<see cref="FlowStatus.Active"/> through <c>POST /api/flows</c>, <see cref="FlowStatus.Draft"/>
/// for a new flow or clone made in the editor), and whether only a new flow may be made (a clone never overwrites a flow).
/// </summary>
public sealed record PublishOptions(string? Note = null, FlowStatus NewFlowStatus = FlowStatus.Active, bool NewFlowOnly = false)
{
    /// <summary>The longest change note a version keeps.</summary>
    public const int MaxNoteLength = 2000;
}
