using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// An ended run as it unfolded, one frame per step: the run as it stood once step <c>k</c> had started (its steps up to
/// it, the events filed by then), and how long to show each frame at a speed — the run's real timing, with every wait
/// compressed to at most <see cref="LongestPause"/> so a three-day wait does not stop the show.
/// </summary>
public static class RunPlayback
{
    /// <summary>The longest a frame is shown at 1× (a wait of days plays in this long).</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    /// <summary>The shortest a frame is shown, whatever the speed: long enough to see it paint.</summary>
    public static readonly TimeSpan ShortestPause = TimeSpan.FromMilliseconds(150);

    /// <summary>The run as it stood after its first <paramref name="steps"/> steps (all of them: the run itself).</summary>
    public static RunDetail Frame(RunDetail run, int steps)
    {
        if (steps >= run.Steps.Count) return run;
        var shown = run.Steps.OrderBy(s => s.Sequence).Take(Math.Max(0, steps)).ToList();
        var last = shown.LastOrDefault();
        var lastSequence = last?.Sequence ?? 0;
        var until = last?.StartedAt ?? run.StartedAt;
        return run with
        {
            // Mid-run: walking, at the step it had reached; its ending (error, end time) comes with the last frame.
            Status = "Running",
            EndedAt = null,
            Error = null,
            CurrentNodeId = last?.NodeId,
            Steps = shown.Select((s, i) => i == shown.Count - 1 ? s with { Status = "Running", Port = null, EndedAt = null, Error = null } : s).ToList(),
            Events = run.Events.Where(e => e.StepSequence is { } sequence ? sequence < lastSequence : e.At <= until).ToList(),
        };
    }

    /// <summary>How long frame <paramref name="index"/> (1-based: after that many steps) is shown before the next, at <paramref name="speed"/>×.</summary>
    public static TimeSpan Pause(RunDetail run, int index, double speed)
    {
        var steps = run.Steps.OrderBy(s => s.Sequence).ToList();
        if (index < 1 || index >= steps.Count) return ShortestPause;
        var real = steps[index].StartedAt - steps[index - 1].StartedAt;
        var compressed = real < LongestPause ? real : LongestPause;
        var scaled = compressed / Math.Max(1, speed);
        return scaled < ShortestPause ? ShortestPause : scaled;
    }

    /// <summary>How long after the run started step <paramref name="index"/> began, as the scrubber labels it.</summary>
    public static TimeSpan Offset(RunDetail run, int index)
    {
        var steps = run.Steps.OrderBy(s => s.Sequence).ToList();
        return index < 1 || steps.Count == 0 ? TimeSpan.Zero : steps[Math.Min(index, steps.Count) - 1].StartedAt - run.StartedAt;
    }
}
