namespace FlowRuns.Web.Components.Shared;

/// <summary>
/// How a run id reads where there is no room for all 32 digits: its end. Run ids are time-ordered, so runs started
/// together share their first digits and differ in their last; the lookup finds a run by this end.
/// </summary>
public static class RunIdText
{
    public const int ShownDigits = 10;

    public static string Short(string id) => id.Length <= ShownDigits ? id : "…" + id[^ShownDigits..];
}
