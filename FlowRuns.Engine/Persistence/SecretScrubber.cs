using System.Text.Json;
using FlowRuns.Engine.Persistence.Entities;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The second line behind "a secret may only leave for its integration" (the publish check is the first): every text a
/// change set would store — step input, output, resolutions, warnings and errors, the run's variables, data and errors,
/// events, deliveries, inbox entries, accepted events — has each configured secret's value (in any letter case, raw or
/// JSON-escaped) replaced by <c>***</c> before it reaches the store. Values shorter than <see cref="MinLength"/> are not
/// scrubbed (they would mask ordinary text); the engine warns about them at start.
/// </summary>
public sealed class SecretScrubber
{
    public const int MinLength = 6;
    public const string Mask = "***";
    private readonly string[] _forms;

    public SecretScrubber(IEnumerable<string> secrets)
    {
        var values = secrets.Where(s => s.Length >= MinLength).Distinct(StringComparer.Ordinal).ToList();
        // Each value as written raw and as it reads inside a JSON string; longest first, so one that contains another goes whole.
        _forms = values.SelectMany(v => new[] { v, JsonEncodedText.Encode(v).ToString() }).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(f => f.Length).ToArray();
    }

    public static SecretScrubber None { get; } = new([]);

    public bool IsEmpty => _forms.Length == 0;

    public string? Scrub(string? text)
    {
        if (text is null || _forms.Length == 0) return text;
        foreach (var form in _forms)
            if (text.Contains(form, StringComparison.OrdinalIgnoreCase)) text = text.Replace(form, Mask, StringComparison.OrdinalIgnoreCase);
        return text;
    }

    /// <summary>Scrubs every stored text of <paramref name="changes"/> in place.</summary>
    public void Scrub(RunChangeSet changes)
    {
        if (_forms.Length == 0) return;
        if (changes.Run is { } run)
        {
            run.Variables = Scrub(run.Variables);
            run.TriggerData = Scrub(run.TriggerData);
            run.Event = Scrub(run.Event);
            run.ResumeEvent = Scrub(run.ResumeEvent);
            run.MockContact = Scrub(run.MockContact);
            run.ErrorMessage = Scrub(run.ErrorMessage);
            run.ErrorDetail = Scrub(run.ErrorDetail);
        }
        foreach (var (step, _) in changes.Steps) Scrub(step);
        foreach (var runEvent in changes.Events) runEvent.Properties = Scrub(runEvent.Properties);
        foreach (var delivery in changes.Deliveries)
        {
            delivery.Title = Scrub(delivery.Title);
            delivery.Body = Scrub(delivery.Body);
            delivery.Recipient = Scrub(delivery.Recipient);
            delivery.ProviderResponse = Scrub(delivery.ProviderResponse);
            delivery.Actions = Scrub(delivery.Actions);
        }
        foreach (var entry in changes.InboxAdds) entry.Properties = Scrub(entry.Properties);
        if (changes.AcceptedEvent is { } accepted) accepted.Properties = Scrub(accepted.Properties);
    }

    private void Scrub(StepRecord step)
    {
        step.Input = Scrub(step.Input);
        step.Output = Scrub(step.Output);
        step.Resolutions = Scrub(step.Resolutions);
        step.Warnings = Scrub(step.Warnings);
        step.ErrorMessage = Scrub(step.ErrorMessage);
        step.ErrorDetail = Scrub(step.ErrorDetail);
    }
}
