namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A failure as shown to a person: code, message, what to do about it, and technical detail.</summary>
public sealed record ErrorView(string Code, string Message, string SuggestedFix, string? Detail)
{
    public static ErrorView? From(string? code, string? message, string? detail) =>
        code is null ? null : new ErrorView(code, message ?? "", Nodes.FailureCodes.Create(code, "").SuggestedFix, detail);
}
