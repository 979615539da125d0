namespace FlowRuns.Engine.Execution;

/// <summary>Limits of the <c>http</c> node.</summary>
public sealed class HttpNodeOptions
{
    /// <summary>Hosts an operator allows even though they resolve to loopback, private or link-local addresses.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Largest request or response body stored on a step; longer ones are cut and say so.</summary>
    public int MaxStoredBodyChars { get; set; } = 4096;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
