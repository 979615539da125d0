using FlowRuns.Engine.Expressions;

namespace FlowRuns.Tests.Engine.Expressions;

public class EvaluatorTests
{
    private static (object? Value, IReadOnlyList<Resolution> Resolutions) Eval(string text, Dictionary<string, object?>? vars = null)
    {
        var log = new ResolutionLog();
        var value = CompiledExpression.Parse(text).Evaluate(new FakeVariables(vars ?? []), log);
        return (value, log.Items);
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 / 4", 2.5)]
    [InlineData("-3 + 1", -2)]
    [InlineData("0.1 + 0.2", 0.3)]
    public void Arithmetic_UsesExactDecimals(string text, double expected) =>
        Assert.Equal((decimal)expected, Eval(text).Value);

    [Theory]
    [InlineData("\"a\" + \"b\"", "ab")]
    [InlineData("\"n=\" + 5", "n=5")]
    [InlineData("lower(\"ABC\")", "abc")]
    [InlineData("upper('abc')", "ABC")]
    public void Text_JoinsAndTransforms(string text, string expected) => Assert.Equal(expected, Eval(text).Value);

    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1 != 1", false)]
    [InlineData("\"5\" == 5", true)]
    [InlineData("2 < 10", true)]
    [InlineData("\"2\" < \"10\"", true)]
    [InlineData("\"apple\" < \"banana\"", true)]
    [InlineData("true && false", false)]
    [InlineData("true || false", true)]
    [InlineData("!false", true)]
    [InlineData("null == null", true)]
    [InlineData("\"b\" in [\"a\", \"b\"]", true)]
    [InlineData("\"z\" in [\"a\", \"b\"]", false)]
    [InlineData("\"ell\" in \"hello\"", true)]
    [InlineData("contains([1, 2, 3], 2)", true)]
    [InlineData("startsWith(\"premium-gold\", \"premium\")", true)]
    [InlineData("endsWith(\"premium-gold\", \"gold\")", true)]
    [InlineData("isEmpty(\"\")", true)]
    [InlineData("isEmpty([1])", false)]
    [InlineData("length(\"abcd\") == 4", true)]
    public void Logic_And_Functions(string text, bool expected) => Assert.Equal(expected, Eval(text).Value);

    [Fact]
    public void Reference_RecordsResolutionWithValue()
    {
        var (value, resolutions) = Eval("%{customerSegment} == \"premium\"", new() { ["customerSegment"] = "premium" });
        Assert.Equal(true, value);
        var resolution = Assert.Single(resolutions);
        Assert.Equal(new Resolution("customerSegment", "premium", false), resolution);
    }

    [Fact]
    public void MissingReference_ComparesAsNullAndIsMarkedMissing()
    {
        var (value, resolutions) = Eval("%{customerSegment} == \"premium\"");
        Assert.Equal(false, value);
        Assert.True(Assert.Single(resolutions).Missing);
    }

    [Fact]
    public void MissingReference_InOrdering_IsFalseNotAnError()
    {
        var (value, resolutions) = Eval("%{amount} <= 1000");
        Assert.Equal(false, value);
        Assert.True(resolutions[0].Missing);
    }

    [Fact]
    public void SameReferenceTwice_IsRecordedOnce()
    {
        var (_, resolutions) = Eval("%{a} + %{a}", new() { ["a"] = 2m });
        Assert.Single(resolutions);
    }

    [Fact]
    public void Secret_IsUsedButRecordedRedacted()
    {
        var (value, resolutions) = Eval("%{secrets.token} == \"s3cret\"", new() { ["secrets.token"] = "s3cret" });
        Assert.Equal(true, value);
        Assert.Equal(ResolutionLog.Redacted, resolutions[0].Value);
    }

    [Fact]
    public void DaysSince_CountsWholeDaysToNow()
    {
        var (value, _) = Eval("daysSince(%{lastLogin})", new() { ["lastLogin"] = "2026-11-01T12:00:00Z" });
        Assert.Equal(21m, value);
    }

    [Theory]
    [InlineData("1 / 0", "Division by zero", ExpressionErrorKind.Invalid)]
    [InlineData("\"a\" * 2", "Cannot compute text", ExpressionErrorKind.Invalid)]
    [InlineData("%{missing} + 1", "missing", ExpressionErrorKind.MissingData)]
    [InlineData("\"x\" + %{missing}", "missing", ExpressionErrorKind.MissingData)]
    [InlineData("-\"a\"", "Cannot negate", ExpressionErrorKind.Invalid)]
    [InlineData("true < 1", "Cannot order", ExpressionErrorKind.Invalid)]
    [InlineData("daysSince(\"not a date\")", "needs a time", ExpressionErrorKind.Invalid)]
    [InlineData("daysSince(%{missing})", "missing", ExpressionErrorKind.MissingData)]
    public void EvaluationErrors_SayWhatWentWrong(string text, string expected, ExpressionErrorKind kind)
    {
        var ex = Assert.Throws<ExpressionEvaluationException>(() => Eval(text));
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(kind, ex.Kind);
    }

    [Fact]
    public void HugeText_IsBounded()
    {
        var big = new string('x', 40_000);
        var ex = Assert.Throws<OutputTooLargeException>(() => Eval("%{a} + %{a}", new() { ["a"] = big }));
        Assert.Contains("grew past 65,536 characters", ex.Message);
    }

    [Fact]
    public void NestedObjects_AreReachedThroughTheSource()
    {
        var (value, _) = Eval("%{order} == null", new() { ["order"] = null });
        Assert.Equal(true, value);
    }
}
