using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// A template as a contact would get it: rendered by the engine's own template code against the contact's fields and
/// attributes (no run: trigger data, event and step outputs are empty; secrets are never rendered), with the names that
/// had no value listed.
/// </summary>
public static class TemplatePreview
{
    /// <summary>The longest preview rendered.</summary>
    public const int MaxChars = 2000;

    public sealed record Result(string? Text, IReadOnlyList<string> Missing, string? Error);

    public static Result Render(string template, ContactSnapshot contact)
    {
        try
        {
            var log = new ResolutionLog();
            var variables = new RunVariables(contact, [], null, [], new Dictionary<string, string>(), TimeProvider.System);
            var text = Template.Parse(template).Render(variables, log, MaxChars);
            return new Result(text, log.Items.Where(r => r.Missing).Select(r => r.Reference).Distinct().ToList(), null);
        }
        catch (ExpressionException ex)
        {
            return new Result(null, [], ex.Message);
        }
        catch (OutputTooLargeException)
        {
            return new Result(null, [], $"The text passes {MaxChars:N0} characters.");
        }
    }
}
