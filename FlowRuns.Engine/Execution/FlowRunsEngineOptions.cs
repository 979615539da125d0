namespace FlowRuns.Engine.Execution;

/// <summary>Engine settings, bound from the <c>FlowRuns</c> configuration section.</summary>
public sealed class FlowRunsEngineOptions
{
    /// <summary>Steps one run may take before it fails with STEP_LIMIT (loops).</summary>
    public int StepLimit { get; set; } = 500;

    /// <summary>How many runs are walked at once; more wait their turn (fan-out, timers, recovery).</summary>
    public int MaxParallelRuns { get; set; } = 64;

    /// <summary>How deep subflows may nest.</summary>
    public int SubflowDepthLimit { get; set; } = 8;

    /// <summary>Named secrets usable as <c>%{secrets.name}</c>; never stored in run data.</summary>
    public Dictionary<string, string> Secrets { get; set; } = [];

    /// <summary>
    /// How long an engine's hold on a run it walks lasts without renewal (renewed every third of it). After a crash, another
    /// engine — or this one restarted — takes the runs over once their lease expired. Also how often recovery looks.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public BusinessHoursOptions BusinessHours { get; set; } = new();

    public HttpNodeOptions Http { get; set; } = new();

    public FlowRunsLimits Limits { get; set; } = new();
}
