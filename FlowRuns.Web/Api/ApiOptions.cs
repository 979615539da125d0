namespace FlowRuns.Web.Api;

/// <summary>Limits of the public API (<c>FlowRuns:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The largest JSON body any endpoint reads; a larger one is answered 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
