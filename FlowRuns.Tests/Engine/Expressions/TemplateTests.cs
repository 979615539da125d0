using FlowRuns.Engine.Expressions;

namespace FlowRuns.Tests.Engine.Expressions;

public class TemplateTests
{
    [Fact]
    public void Render_InterpolatesReferencesAndRecordsThem()
    {
        var log = new ResolutionLog();
        var text = Template.Parse("Hi %{firstName}, your loan of %{amount} is approved.")
            .Render(new FakeVariables(new() { ["firstName"] = "Ana", ["amount"] = 2500m }), log);
        Assert.Equal("Hi Ana, your loan of 2500 is approved.", text);
        Assert.Equal(["firstName", "amount"], log.Items.Select(r => r.Reference));
    }

    [Fact]
    public void Render_MissingReference_IsEmptyAndMarkedMissing()
    {
        var log = new ResolutionLog();
        var text = Template.Parse("Hi %{firstName}!").Render(new FakeVariables([]), log);
        Assert.Equal("Hi !", text);
        Assert.True(log.AnyMissing);
    }

    [Fact]
    public void Render_TextWithoutReferences_IsUnchanged()
    {
        var text = Template.Parse("Plain text, 100% sure {not a reference}").Render(new FakeVariables([]), new ResolutionLog());
        Assert.Equal("Plain text, 100% sure {not a reference}", text);
    }

    [Theory]
    [InlineData("Hi %{name", "never closed")]
    [InlineData("Hi %{na me}", "character ' '")]
    public void Parse_Malformed_Throws(string source, string expected) =>
        Assert.Contains(expected, Assert.Throws<ExpressionException>(() => Template.Parse(source)).Message);
}
