namespace FlowRuns.Engine.Nodes;

/// <summary>What a node says happens next. The engine owns the walk, persistence and events; nodes only answer.</summary>
public abstract record NodeResult
{
    /// <summary>What the step produced (a send's rendered message, a set's values, an http call's captures…).</summary>
    public IReadOnlyDictionary<string, object?>? Output { get; init; }

    public static NodeResult Next(string port = Definitions.EdgeDefinition.DefaultPort, IReadOnlyDictionary<string, object?>? output = null) =>
        new NextResult(port) { Output = output };

    /// <summary>The step did nothing (an opted-out contact), and the run goes on through <paramref name="port"/>.</summary>
    public static NodeResult Skip(string port, IReadOnlyDictionary<string, object?>? output = null) => new SkipResult(port) { Output = output };

    /// <summary>The run waits until <paramref name="wakeAt"/> or until the contact event <paramref name="eventName"/> arrives.</summary>
    public static NodeResult Wait(DateTimeOffset? wakeAt, string? eventName, IReadOnlyDictionary<string, object?>? output = null) =>
        new WaitResult(wakeAt, eventName) { Output = output };

    /// <summary>The step failed; when <paramref name="errorPort"/> has an edge the run follows it, otherwise the run fails.</summary>
    public static NodeResult Fail(StepError error, string? errorPort = null, IReadOnlyDictionary<string, object?>? output = null) =>
        new FailResult(error, errorPort) { Output = output };

    /// <summary>The run ends successfully here.</summary>
    public static NodeResult Complete() => new CompleteResult();

    /// <summary>Start a child run of <paramref name="flowKey"/> with <paramref name="data"/> and wait for it.</summary>
    public static NodeResult StartSubflow(string flowKey, IReadOnlyDictionary<string, object?> data) => new SubflowResult(flowKey, data);
}

public sealed record NextResult(string Port) : NodeResult;

public sealed record SkipResult(string Port) : NodeResult;

public sealed record WaitResult(DateTimeOffset? WakeAt, string? EventName) : NodeResult;

public sealed record FailResult(StepError Error, string? ErrorPort) : NodeResult;

public sealed record CompleteResult : NodeResult;

public sealed record SubflowResult(string FlowKey, IReadOnlyDictionary<string, object?> Data) : NodeResult;
