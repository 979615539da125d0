namespace FlowRuns.Web.Components.Runs;

/// <summary>How each step status reads: a word, an icon that tells it without color, and a CSS class.</summary>
public static class StatusStyle
{
    public static string Icon(string status) => status switch
    {
        "Completed" => "✔",
        "Failed" => "✖",
        "Skipped" => "⤼",
        "Waiting" => "◷",
        "Running" => "▶",
        "Cancelled" => "⊘",
        "Paused" => "‖",
        NodePaint.Authored => "",
        RunPaint.Added => "+",
        RunPaint.Removed => "−",
        RunPaint.Changed => "≠",
        _ => "○",
    };

    public static string Word(string status) => status switch
    {
        NodePaint.NotReached => "Not reached",
        NodePaint.Authored => "",
        _ => status,
    };

    public static string CssClass(string status) => "status-" + status.ToLowerInvariant();

    public static readonly string[] Legend = ["Completed", "Failed", "Skipped", "Waiting", "Running", "Cancelled", NodePaint.NotReached];
}
