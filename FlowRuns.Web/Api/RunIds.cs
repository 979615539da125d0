namespace FlowRuns.Web.Api;

/// <summary>Run ids in URLs: 32 hex digits (dashes tolerated).</summary>
public static class RunIds
{
    public static bool TryParse(string? text, out Guid id) => Guid.TryParse(text?.Trim(), out id);
}
