using MudBlazor;

namespace FlowRuns.Web.Components.Layout;

/// <summary>The app's one MudBlazor theme, shared by the main layout and the account pages.</summary>
public static class FlowRunsTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f4e79", AppbarBackground = "#1f4e79" },
    };
}
