using MudBlazor;

namespace FlowRuns.Web.Components.Layout;

/// <summary>The app's one MudBlazor theme, shared by the main layout and the account pages.</summary>
public static class FlowRunsTheme
{
    public static readonly MudTheme Theme = new()
    {
        // Status colors dark enough for 4.5:1 text on white (WCAG AA): MudBlazor's defaults are 2.2–3.7:1.
        PaletteLight = new PaletteLight { Primary = "#1f4e79", AppbarBackground = "#1f4e79", Error = "#c62828", Warning = "#9a5b00", Success = "#1e7b43", Info = "#1b62b8" },
    };
}
