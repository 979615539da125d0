namespace FlowRuns.Bench;

/// <summary>storage: bytes on disk per stored run of the six-step flow (run, steps, resolutions, delivery, event, indexes).</summary>
internal static class StorageBench
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
