namespace FlowRuns.Web.Components.Layout;

/// <summary>
/// Light or dark, remembered per browser in a cookie (not per user: a shared screen in a care team's office keeps its own),
/// so the first paint, on the server, is already in the right mode.
/// </summary>
public static class ThemeMode
{
    public const string Cookie = "flowruns-theme";
    public const string DarkValue = "dark";
    public const string LightValue = "light";

    public static bool IsDark(HttpContext? context) => context?.Request.Cookies[Cookie] == DarkValue;
}
