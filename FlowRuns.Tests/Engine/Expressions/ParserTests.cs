using FlowRuns.Engine.Expressions;

namespace FlowRuns.Tests.Engine.Expressions;

public class ParserTests
{
    [Theory]
    [InlineData("%{customerSegment} == \"premium\"")]
    [InlineData("%{amount} <= %{creditLimit}")]
    [InlineData("%{steps.eligibility.output.eligible} == true")]
    [InlineData("!(%{a} && %{b}) || %{c} != null")]
    [InlineData("%{area} in [\"north\", \"south\"]")]
    [InlineData("contains(%{tags}, 'vip') && startsWith(%{contact.email}, \"a\")")]
    [InlineData("daysSince(%{lastLogin}) > 30")]
    [InlineData("-%{x} * (2 + 3) / 4 - 1.5")]
    [InlineData("now()")]
    [InlineData("isEmpty([])")]
    public void Parse_ValidExpression_Succeeds(string text) =>
        Assert.NotNull(CompiledExpression.Parse(text).Root);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("%{segment == 1", "never closed")]
    [InlineData("%{} == 1", "empty reference")]
    [InlineData("%{a b} == 1", "character ' '")]
    [InlineData("\"open", "never closed")]
    [InlineData("1 +", "ended")]
    [InlineData("(1 + 2", "')'")]
    [InlineData("[1, 2", "']'")]
    [InlineData("1 2", "Unexpected '2'")]
    [InlineData("segment == 1", "not a known function")]
    [InlineData("eval(1)", "not a known function")]
    [InlineData("contains(1)", "takes 2 arguments")]
    [InlineData("now(1)", "takes 0 arguments")]
    [InlineData("1 # 2", "Unexpected character '#'")]
    [InlineData("1 = 2", "Unexpected character '='")]
    public void Parse_InvalidExpression_ThrowsWithReadableMessage(string text, string expected)
    {
        var ex = Assert.Throws<ExpressionException>(() => CompiledExpression.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_ReportsThePositionOfTheProblem()
    {
        var ex = Assert.Throws<ExpressionException>(() => CompiledExpression.Parse("%{a} == #"));
        Assert.Equal(8, ex.Position);
    }

    [Fact]
    public void Parse_TooLong_IsRejected()
    {
        var ex = Assert.Throws<ExpressionException>(() => CompiledExpression.Parse(string.Join(" + ", Enumerable.Repeat("1", 3000))));
        Assert.Contains("longer than", ex.Message);
    }

    [Fact]
    public void Parse_TooDeep_IsRejected()
    {
        var text = new string('(', 100) + "1" + new string(')', 100);
        var ex = Assert.Throws<ExpressionException>(() => CompiledExpression.Parse(text));
        Assert.Contains("nests deeper", ex.Message);
    }

    [Fact]
    public void Parse_Precedence_MultiplicationBeforeAdditionBeforeComparisonBeforeAnd()
    {
        var root = CompiledExpression.Parse("1 + 2 * 3 == 7 && true").Root;
        var and = Assert.IsType<BinaryNode>(root);
        Assert.Equal("&&", and.Operator);
        var equal = Assert.IsType<BinaryNode>(and.Left);
        Assert.Equal("==", equal.Operator);
        var plus = Assert.IsType<BinaryNode>(equal.Left);
        Assert.Equal("+", plus.Operator);
        Assert.Equal("*", Assert.IsType<BinaryNode>(plus.Right).Operator);
    }
}
