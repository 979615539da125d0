using MudBlazor;

namespace FlowRuns.Web.Components.Layout;

/// <summary>
/// The app's one MudBlazor theme, light and dark, shared by the main layout and the account pages. Every color that carries
/// text is chosen for WCAG AA (4.5:1) against the surface it sits on; <c>ThemeContrastTests</c> computes each pair.
/// The app's own CSS reads the same colors through MudBlazor's <c>--mud-palette-*</c> variables, plus a few of ours
/// (<c>--fr-*</c>, in app.css) that flip with the <c>fr-dark</c> class.
/// </summary>
public static class FlowRunsTheme
{
    public static readonly PaletteLight Light = new()
    {
        Primary = "#1f4e79", PrimaryContrastText = "#ffffff",
        Secondary = "#5b3fa0", SecondaryContrastText = "#ffffff",
        AppbarBackground = "#17324d", AppbarText = "#ffffff",
        Background = "#f4f6f9", BackgroundGray = "#eceff4", Surface = "#ffffff",
        DrawerBackground = "#ffffff", DrawerText = "#1f2430", DrawerIcon = "#4a5163",
        TextPrimary = "#1f2430", TextSecondary = "#4a5163", TextDisabled = "#6b7282",
        ActionDefault = "#4a5163",
        LinesDefault = "#dde1e8", LinesInputs = "#767d8c", TableLines = "#e8ebf0", TableHover = "#f3f6fb", Divider = "#dde1e8",
        Success = "#1e7b43", SuccessContrastText = "#ffffff",
        Error = "#b3261e", ErrorContrastText = "#ffffff",
        Warning = "#8f5b00", WarningContrastText = "#ffffff",
        Info = "#1b62b8", InfoContrastText = "#ffffff",
        Dark = "#2b3140",
    };

    public static readonly PaletteDark Dark = new()
    {
        Primary = "#8cb8ea", PrimaryContrastText = "#0b1d30",
        Secondary = "#c2acf2", SecondaryContrastText = "#1d1236",
        AppbarBackground = "#0f1d2c", AppbarText = "#e6e9ef",
        Background = "#12161c", BackgroundGray = "#1d232c", Surface = "#1a1f27",
        DrawerBackground = "#1a1f27", DrawerText = "#e6e9ef", DrawerIcon = "#aeb5c2",
        TextPrimary = "#e6e9ef", TextSecondary = "#aeb5c2", TextDisabled = "#8a92a0",
        ActionDefault = "#aeb5c2",
        LinesDefault = "#323946", LinesInputs = "#8a92a0", TableLines = "#2a303b", TableHover = "#222934", Divider = "#323946",
        Success = "#6fcf97", SuccessContrastText = "#0c2416",
        Error = "#f28b82", ErrorContrastText = "#3a0d09",
        Warning = "#f2c14e", WarningContrastText = "#2e2000",
        Info = "#8ab4f8", InfoContrastText = "#0b1d30",
        Dark = "#0f1217",
    };

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = Light,
        PaletteDark = Dark,
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
            H4 = new H4Typography { FontSize = "1.75rem", FontWeight = "500", LineHeight = "1.3", LetterSpacing = "0" },
            H5 = new H5Typography { FontSize = "1.35rem", FontWeight = "500", LineHeight = "1.35" },
            H6 = new H6Typography { FontSize = "1.1rem", FontWeight = "500", LineHeight = "1.4" },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", AppbarHeight = "56px" },
    };
}
