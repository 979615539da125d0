namespace FlowRuns.Engine.Execution;

/// <summary>
/// Work the host does once at start, after the store is migrated and interrupted runs are recovered, and before the
/// scheduler wakes any timer (seeding, for instance). Register with <c>services.AddSingleton&lt;IEngineStartupTask, T&gt;()</c>.
/// </summary>
public interface IEngineStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
