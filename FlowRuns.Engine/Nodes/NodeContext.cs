using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>
/// What a node sees while it executes one step: the run's variables, and the means to record what the
/// step read (resolutions), warned about, fired (analytic events) and delivered. The engine stores all of it.
/// </summary>
public sealed class NodeContext(CompiledNode node, RunVariables run, StepIdentity step, bool isTest)
{
    private readonly List<string> _warnings = [];
    private readonly List<AnalyticEvent> _events = [];
    private readonly List<DeliveryDraft> _deliveries = [];

    public CompiledNode Node { get; } = node;

    public RunVariables Run { get; } = run;

    public StepIdentity Step { get; } = step;

    /// <summary>A test run: nothing is sent, no HTTP call is made, delays are computed and not waited.</summary>
    public bool IsTest { get; } = isTest;

    public DateTimeOffset Now => Run.Now;

    public ResolutionLog Resolutions { get; } = new();

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<AnalyticEvent> Events => _events;

    public IReadOnlyList<DeliveryDraft> Deliveries => _deliveries;

    /// <summary>Input worth showing on the step (an http request, a test run's would-be message).</summary>
    public Dictionary<string, object?> Input { get; } = [];

    /// <summary>How long a rendered template or an expression's text may grow (FlowRuns:Limits:MaxOutputChars).</summary>
    public int MaxOutputChars { get; init; } = new FlowRunsLimits().MaxOutputChars;

    /// <summary>Evaluates <paramref name="expression"/>; a text value longer than <see cref="MaxOutputChars"/> throws <see cref="OutputTooLargeException"/>.</summary>
    public object? Evaluate(CompiledExpression expression)
    {
        var value = expression.Evaluate(Run, Resolutions);
        if (value is string text && text.Length > MaxOutputChars) throw new OutputTooLargeException("The expression's value", MaxOutputChars);
        return value;
    }

    public string Render(Template template) => template.Render(Run, Resolutions, MaxOutputChars);

    public void Warn(string warning) => _warnings.Add(warning);

    public void RecordEvent(string name, IReadOnlyDictionary<string, object?>? properties = null) =>
        _events.Add(new AnalyticEvent(name, Now, properties));

    public void RecordDelivery(DeliveryDraft delivery) => _deliveries.Add(delivery);

    /// <summary>Adds a warning for every reference read so far that was missing.</summary>
    public void WarnAboutMissing()
    {
        foreach (var missing in Resolutions.Items.Where(r => r.Missing))
        {
            var warning = $"%{{{missing.Reference}}} is missing.";
            if (!_warnings.Contains(warning)) _warnings.Add(warning);
        }
    }
}
