namespace FlowRuns.Bench;

internal static class RunListBench
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
