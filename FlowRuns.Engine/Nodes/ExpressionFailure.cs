using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>Turns an evaluation error into the step error a person reads: MISSING_DATA when data was absent, else EXPRESSION_ERROR.</summary>
public static class ExpressionFailure
{
    public static NodeResult From(ExpressionEvaluationException ex, string field) =>
        NodeResult.Fail(FailureCodes.Create(
            ex.Kind == ExpressionErrorKind.MissingData ? FailureCodes.MissingData : FailureCodes.ExpressionError,
            $"'{field}' could not be evaluated: {ex.Message}"));
}
