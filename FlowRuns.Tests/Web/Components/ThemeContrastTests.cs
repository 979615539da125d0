using System.Globalization;
using System.Text.RegularExpressions;
using FlowRuns.Web.Components.Layout;
using MudBlazor;

namespace FlowRuns.Tests.Web.Components;

/// <summary>
/// Every color that carries text, in light and in dark mode, against what it sits on: WCAG AA 4.5:1 (contrast computed
/// as WCAG 2.x defines it). The theme's palettes come from <see cref="FlowRunsTheme"/>; the status pills and the painted
/// nodes' colors from app.css, which the test reads so a color changed there is checked here.
/// </summary>
public partial class ThemeContrastTests
{
    private const double AA = 4.5;

    private static readonly string Css = File.ReadAllText(Path.Combine(SolutionDirectory(), "FlowRuns.Web", "wwwroot", "app.css"));

    private static string SolutionDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowRuns.sln"))) return dir.FullName;
        throw new InvalidOperationException("FlowRuns.sln not found above " + AppContext.BaseDirectory);
    }

    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        hex = hex.TrimStart('#');
        if (hex.Length == 3) hex = string.Concat(hex.Select(c => $"{c}{c}"));
        double Channel(int i)
        {
            var c = int.Parse(hex.Substring(i * 2, 2), NumberStyles.HexNumber) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(0) + 0.7152 * Channel(1) + 0.0722 * Channel(2);
    }

    private static string Hex(MudBlazor.Utilities.MudColor color) => color.Value[..7];

    [Fact]
    public void ContrastIsComputedAsWcagDefinesIt()
    {
        Assert.Equal(21, Contrast("#000000", "#ffffff"), 2);
        Assert.Equal(1, Contrast("#777777", "#777777"), 2);
        Assert.Equal(4.48, Contrast("#777777", "#ffffff"), 2);
    }

    public static TheoryData<string> Modes => new() { "light", "dark" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void ThemeText_OnItsSurfaces_AndEveryStatusColor_OnItsContrastText_PassAA(string mode)
    {
        Palette palette = mode == "light" ? FlowRunsTheme.Light : FlowRunsTheme.Dark;
        var pairs = new List<(string What, string Fore, string Back)>();
        foreach (var (surfaceName, surface) in new[] { ("surface", palette.Surface), ("background", palette.Background), ("gray background", palette.BackgroundGray) })
        {
            pairs.Add(($"text on {surfaceName}", Hex(palette.TextPrimary), Hex(surface)));
            pairs.Add(($"secondary text on {surfaceName}", Hex(palette.TextSecondary), Hex(surface)));
            pairs.Add(($"links (primary) on {surfaceName}", Hex(palette.Primary), Hex(surface)));
        }
        pairs.Add(("app bar text", Hex(palette.AppbarText), Hex(palette.AppbarBackground)));
        foreach (var (name, color, text) in new[]
                 {
                     ("primary", palette.Primary, palette.PrimaryContrastText), ("secondary", palette.Secondary, palette.SecondaryContrastText),
                     ("success", palette.Success, palette.SuccessContrastText), ("error", palette.Error, palette.ErrorContrastText),
                     ("warning", palette.Warning, palette.WarningContrastText), ("info", palette.Info, palette.InfoContrastText),
                 })
        {
            pairs.Add(($"{name} filled", Hex(text), Hex(color)));
            pairs.Add(($"{name} as text on the surface", Hex(color), Hex(palette.Surface)));
        }
        var failing = pairs.Where(p => Contrast(p.Fore, p.Back) < AA).Select(p => $"{p.What}: {p.Fore} on {p.Back} = {Contrast(p.Fore, p.Back):0.00}").ToList();
        Assert.True(failing.Count == 0, string.Join("\n", failing));
    }

    [GeneratedRegex(@"\.status-pill-(?<name>[a-z]+)(?:, \.status-pill-(?<also>[a-z]+))? \{ background: (?<bg>#[0-9a-f]{3,6}); \}")]
    private static partial Regex PillRule();

    [GeneratedRegex(@"^(?<dark>\.fr-dark )?\.status-(?<name>[a-z]+)(?:, \.fr-dark \.status-(?<also>[a-z]+))? \{ --node-fill: (?<fill>#[0-9a-f]{3,6}); --node-stroke: #[0-9a-f]{3,6}; --node-ink: (?<ink>#[0-9a-f]{3,6}); \}", RegexOptions.Multiline)]
    private static partial Regex NodeRule();

    [Fact]
    public void EveryStatusPill_WhiteWordOnItsColor_PassesAA_AndEveryStatusHasOne()
    {
        var pills = PillRule().Matches(Css).SelectMany(m => new[] { (m.Groups["name"].Value, m.Groups["bg"].Value) }
            .Concat(m.Groups["also"].Success ? [(m.Groups["also"].Value, m.Groups["bg"].Value)] : [])).ToDictionary();
        foreach (var status in new[] { "completed", "failed", "running", "waiting", "paused", "cancelled", "skipped", "pending" })
        {
            Assert.True(pills.TryGetValue(status, out var background), $"no pill color for {status}");
            Assert.True(Contrast("#ffffff", background) >= AA, $"{status} pill: white on {background} = {Contrast("#ffffff", background):0.00}");
        }
    }

    [Fact]
    public void EveryPaintedNodeStatus_InkOnFill_PassesAA_InLightAndDarkMode()
    {
        var rules = NodeRule().Matches(Css).SelectMany(m =>
        {
            var mode = m.Groups["dark"].Success ? "dark" : "light";
            var names = m.Groups["also"].Success ? new[] { m.Groups["name"].Value, m.Groups["also"].Value } : [m.Groups["name"].Value];
            return names.Select(n => (Key: $"{mode} {n}", Fill: m.Groups["fill"].Value, Ink: m.Groups["ink"].Value));
        }).ToList();
        var statuses = new[] { "completed", "failed", "skipped", "waiting", "running", "cancelled", "paused", "notreached", "authored", "added", "removed", "changed" };
        foreach (var mode in new[] { "light", "dark" })
            foreach (var status in statuses)
                Assert.Contains(rules, r => r.Key == $"{mode} {status}");
        var failing = rules.Where(r => Contrast(r.Ink, r.Fill) < AA).Select(r => $"{r.Key}: {r.Ink} on {r.Fill} = {Contrast(r.Ink, r.Fill):0.00}").ToList();
        Assert.True(failing.Count == 0, string.Join("\n", failing));
    }
}
