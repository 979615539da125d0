using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Nodes;

/// <summary>Holds the run for a <c>duration</c>, <c>until</c> a time, or until the workspace's business hours.</summary>
public sealed class DelayNode(IOptions<FlowRunsEngineOptions> options) : NodeType<DelayNode.Settings>
{
    public sealed record Settings(TimeSpan? Duration, CompiledExpression? Until, bool BusinessHours);

    private readonly BusinessHours _businessHours = new(options.Value.BusinessHours);
    private readonly TimeSpan _maxWait = options.Value.Limits.MaxWait;

    public override string Name => "delay";

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var duration = problems.Duration("duration", problems.Node.GetString("duration"));
        var until = problems.Expression("until", problems.Node.GetString("until"));
        var businessHours = problems.Node.Get("businessHours")?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var count = (problems.Node.Has("duration") ? 1 : 0) + (problems.Node.Has("until") ? 1 : 0) + (businessHours ? 1 : 0);
        if (count != 1) problems.Add("duration", "A delay needs exactly one of 'duration', 'until' or 'businessHours: true'.");
        return new Settings(duration, until, businessHours);
    }

    protected override ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        DateTimeOffset wakeAt;
        if (config.Duration is { } duration) wakeAt = context.Now + duration;
        else if (config.BusinessHours) wakeAt = _businessHours.NextOpen(context.Now);
        else
        {
            object? value;
            try { value = context.Evaluate(config.Until!); }
            catch (ExpressionEvaluationException ex) { context.WarnAboutMissing(); return ValueTask.FromResult(ExpressionFailure.From(ex, "until")); }
            context.WarnAboutMissing();
            if (!Values.TryTime(value, out wakeAt))
                return ValueTask.FromResult(NodeResult.Fail(FailureCodes.Create(value is null ? FailureCodes.MissingData : FailureCodes.ExpressionError,
                    $"'until' gave {Values.ToDisplay(value)}, which is not a time.")));
        }
        if (wakeAt < context.Now) wakeAt = context.Now;
        if (wakeAt - context.Now > _maxWait)
            return ValueTask.FromResult(NodeResult.Fail(FailureCodes.Create(FailureCodes.WaitTooLong,
                $"'until' gave {wakeAt:u}, more than {_maxWait.TotalDays:0.#} days ahead (FlowRuns:Limits:MaxWait).")));
        context.RecordEvent("delay.scheduled", new Dictionary<string, object?> { ["wakeAt"] = wakeAt });
        if (context.IsTest)
            return ValueTask.FromResult(NodeResult.Next(output: new Dictionary<string, object?> { ["wakeAt"] = wakeAt, ["simulated"] = true }));
        return ValueTask.FromResult(NodeResult.Wait(wakeAt, null, new Dictionary<string, object?> { ["wakeAt"] = wakeAt }));
    }
}
