namespace FlowRuns.Bench;

internal static class MemoryBench
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
