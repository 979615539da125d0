using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// Which step an analytic event is shown under. The store files a contact event the run did not wait for under the step
/// it concerns (a <c>card.viewed</c> under the send that delivered the card); while the run waits, though, that event is
/// part of what the wait saw — the author watching a customer open the card looks at the wait node — so an event that
/// arrived not awaited while a <c>wait</c> step was open is shown under that wait step. Every other event stays where
/// the store put it.
/// </summary>
public sealed class EventPlacement
{
    private readonly Dictionary<RunEventView, int?> _steps;

    private EventPlacement(Dictionary<RunEventView, int?> steps) => _steps = steps;

    /// <summary>No events (a paint that is not one run's).</summary>
    public static readonly EventPlacement None = new(new Dictionary<RunEventView, int?>());

    public static EventPlacement Of(RunDetail run, FlowDefinition flow)
    {
        var waits = flow.Nodes.Where(n => n.Type == "wait").Select(n => n.Id).ToHashSet();
        var waitSteps = run.Steps.Where(s => waits.Contains(s.NodeId)).ToList();
        var steps = new Dictionary<RunEventView, int?>(ReferenceEqualityComparer.Instance);
        foreach (var runEvent in run.Events)
        {
            var open = runEvent.NotAwaited
                ? waitSteps.LastOrDefault(s => s.StartedAt <= runEvent.At && (s.EndedAt is null || runEvent.At <= s.EndedAt))
                : null;
            steps[runEvent] = open?.Sequence ?? runEvent.StepSequence;
        }
        return new EventPlacement(steps);
    }

    /// <summary>The step <paramref name="runEvent"/> is shown under; null when it belongs to no step.</summary>
    public int? StepOf(RunEventView runEvent) => _steps.TryGetValue(runEvent, out var step) ? step : runEvent.StepSequence;
}
