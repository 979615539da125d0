namespace FlowRuns.Tests.Support;

/// <summary>Base for tests that need a fresh engine and database per test.</summary>
public abstract class EngineScope : IAsyncLifetime
{
    protected TestEngine Engine { get; private set; } = null!;

    protected virtual Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync();

    public virtual async Task InitializeAsync() => Engine = await CreateEngineAsync();

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Engine.DeleteFiles();
    }
}
