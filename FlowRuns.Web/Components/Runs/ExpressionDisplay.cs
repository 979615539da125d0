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

    public static IReadOnlyList<Segment> Split(string expression, IReadOnlyList<ResolutionView>? resolutions, bool showValues)
    {
        var segments = new List<Segment>();
        var last = 0;
        foreach (Match match in Reference().Matches(expression))
        {
            if (match.Index > last) segments.Add(new Segment(expression[last..match.Index], SegmentKind.Text));
            var name = match.Groups[1].Value;
            var resolution = resolutions?.FirstOrDefault(r => r.Reference == name);
            if (!showValues || resolutions is null) segments.Add(new Segment(match.Value, SegmentKind.Name));
            else if (resolution is null) segments.Add(new Segment(match.Value, SegmentKind.Unresolved));
            else if (resolution.Missing) segments.Add(new Segment($"⟨{name} missing⟩", SegmentKind.Missing));
            else segments.Add(new Segment(resolution.Value is null ? "null" : resolution.Value.ToJsonString(), SegmentKind.Value));
            last = match.Index + match.Length;
        }
        if (last < expression.Length) segments.Add(new Segment(expression[last..], SegmentKind.Text));
        return segments;
    }

    /// <summary>The text of <see cref="Split"/>, for titles and tests.</summary>
    public static string Render(string expression, IReadOnlyList<ResolutionView>? resolutions, bool showValues) =>
        string.Concat(Split(expression, resolutions, showValues).Select(s => s.Text));
}
