namespace FlowRuns.Engine.Nodes;

/// <summary>Waits for a contact event (port <c>event</c>) or until <c>timeout</c> passes (port <c>timeout</c>).</summary>
public sealed class WaitNode : NodeType<WaitNode.Settings>
{
    public sealed record Settings(string EventName, TimeSpan? Timeout);

    public const string EventPort = "event";
    public const string TimeoutPort = "timeout";

    public override string Name => "wait";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [EventPort, TimeoutPort];

    public override bool IsOptionalPort(string port) => port == TimeoutPort;

    protected override Settings CompileConfig(NodeProblems problems) =>
        new(problems.RequireString("event") ?? "", problems.Duration("timeout", problems.Node.GetString("timeout")));

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        DateTimeOffset? wakeAt = config.Timeout is { } timeout ? context.Now + timeout : null;
        var output = new Dictionary<string, object?> { ["event"] = config.EventName, ["timeoutAt"] = wakeAt };
        context.RecordEvent("wait.started", new Dictionary<string, object?> { ["event"] = config.EventName, ["timeoutAt"] = wakeAt });
        if (context.IsTest)
        {
            // A test run does not wait: it goes on as if the customer acted at once, and records when it would have timed out.
            output["simulated"] = true;
            return ValueTask.FromResult(NodeResult.Next(EventPort, output));
        }
        return ValueTask.FromResult(NodeResult.Wait(wakeAt, config.EventName, output));
    }
}
