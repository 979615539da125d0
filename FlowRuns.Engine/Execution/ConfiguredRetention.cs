using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Execution;

/// <summary>The retention from configuration (<c>FlowRuns:Retention:Days</c>).</summary>
public sealed class ConfiguredRetention(IOptions<RetentionOptions> options) : IRetentionPolicy
{
    public Task<int> DaysAsync(CancellationToken cancellationToken) => Task.FromResult(options.Value.Days);
}
