namespace FlowRuns.Engine.Expressions;

/// <summary>One <c>%{reference}</c> that a step read, with the value it resolved to at that moment.</summary>
/// <param name="Reference">The reference text without <c>%{ }</c>, e.g. <c>customerSegment</c>.</param>
/// <param name="Value">The resolved value (null when missing); secrets are stored redacted.</param>
/// <param name="Missing">True when nothing by that name existed.</param>
public sealed record Resolution(string Reference, object? Value, bool Missing);
