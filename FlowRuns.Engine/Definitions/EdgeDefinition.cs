namespace FlowRuns.Engine.Definitions;

/// <summary>A directed edge; <see cref="When"/> names the out-port it leaves (<c>true</c>, <c>timeout</c>, a switch case…), none means <c>default</c>.</summary>
public sealed record EdgeDefinition(string From, string To, string? When)
{
    public const string DefaultPort = "default";

    public string Port => string.IsNullOrEmpty(When) ? DefaultPort : When;
}
