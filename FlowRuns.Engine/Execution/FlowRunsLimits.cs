namespace FlowRuns.Engine.Execution;

/// <summary>
/// Every size and time a flow or a run may reach (<c>FlowRuns:Limits</c>; the README lists them). A flow over a publish
/// limit is refused with a problem naming the node and field; a run that reaches a run-time limit fails the step with a
/// code of its own — nothing huge is stored and nothing runs unbounded.
/// </summary>
public sealed class FlowRunsLimits
{
    /// <summary>Nodes in one flow.</summary>
    public int MaxNodes { get; set; } = 1000;

    /// <summary>Edges in one flow.</summary>
    public int MaxEdges { get; set; } = 3000;

    /// <summary>Characters in a node id.</summary>
    public int MaxNodeIdLength { get; set; } = 100;

    /// <summary>Characters in a node label, a flow name or a version name.</summary>
    public int MaxLabelLength { get; set; } = 200;

    /// <summary>Characters in any one node setting (an expression, a template, a URL, an event name).</summary>
    public int MaxSettingLength { get; set; } = 20_000;

    /// <summary>The longest delay, wait timeout or wake time ahead a run may ask for.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromDays(366);

    /// <summary>The shortest interval between two ticks of a schedule trigger.</summary>
    public TimeSpan MinScheduleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Characters a rendered template or an expression's text may reach, and the size of one step's output as JSON (OUTPUT_TOO_LARGE).</summary>
    public int MaxOutputChars { get; set; } = 64 * 1024;

    /// <summary>Bytes of an http step's response body read (HTTP_RESPONSE_TOO_LARGE beyond).</summary>
    public int MaxHttpResponseBytes { get; set; } = 1024 * 1024;
}
