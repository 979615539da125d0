using System.Text.RegularExpressions;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Components.Runs;

/// <summary>
/// An expression as a person reads it: with its variable names (<c>%{customerSegment} == "premium"</c>) or with the values
/// they resolved to in this run (<c>"premium" == "premium"</c>). A missing variable shows as missing, never as empty.
/// </summary>
public static partial class ExpressionDisplay
{
    /// <summary>One piece of an expression: plain text, a reference shown by name, or a resolved value.</summary>
    public sealed record Segment(string Text, SegmentKind Kind);

    public enum SegmentKind { Text, Name, Value, Missing, Unresolved }

    [GeneratedRegex(@"%\{\s*([^}]+?)\s*\}")]
    private static partial Regex Reference();

    /// <summary>
    /// The expression in <paramref name="mode"/>: names; values in place of names; or both, each name followed by what it
    /// resolved to (<c>%{creditScore} = 720 >= 700</c>), so a condition never reads <c>true == true</c> without its names.
    /// </summary>
    public static IReadOnlyList<Segment> Split(string expression, IReadOnlyList<ResolutionView>? resolutions, ExpressionMode mode)
    {
        var segments = new List<Segment>();
        var last = 0;
        foreach (Match match in Reference().Matches(expression))
        {
            if (match.Index > last) segments.Add(new Segment(expression[last..match.Index], SegmentKind.Text));
            var name = match.Groups[1].Value;
            var resolution = resolutions?.FirstOrDefault(r => r.Reference == name);
            if (mode == ExpressionMode.Names || resolutions is null) segments.Add(new Segment(match.Value, SegmentKind.Name));
            else if (resolution is null) segments.Add(new Segment(match.Value, SegmentKind.Unresolved));
            else
            {
                if (mode == ExpressionMode.Both) segments.Add(new Segment(match.Value, SegmentKind.Name));
                var prefix = mode == ExpressionMode.Both ? " = " : "";
                if (resolution.Missing) segments.Add(new Segment(prefix + $"⟨{name} missing⟩", SegmentKind.Missing));
                else segments.Add(new Segment(prefix + (resolution.Value is null ? "null" : resolution.Value.ToJsonString()), SegmentKind.Value));
            }
            last = match.Index + match.Length;
        }
        if (last < expression.Length) segments.Add(new Segment(expression[last..], SegmentKind.Text));
        return segments;
    }

    /// <summary>The text of <see cref="Split"/>, for titles and tests.</summary>
    public static string Render(string expression, IReadOnlyList<ResolutionView>? resolutions, ExpressionMode mode) =>
        string.Concat(Split(expression, resolutions, mode).Select(s => s.Text));
}
