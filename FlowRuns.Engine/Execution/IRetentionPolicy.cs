namespace FlowRuns.Engine.Execution;

/// <summary>
/// How many days ended runs are kept, asked before every retention pass (0 keeps them forever). The engine's default
/// reads <see cref="RetentionOptions.Days"/>; a host may keep it as a workspace setting instead.
/// </summary>
public interface IRetentionPolicy
{
    Task<int> DaysAsync(CancellationToken cancellationToken);
}
