using FlowRuns.Engine.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Support;

/// <summary>
/// A bUnit context over a real engine and store (its own SQLite file): components read what the engine wrote. Name the
/// engine services the components inject with <see cref="EngineServices"/>; seed in <see cref="SeedAsync"/>.
/// </summary>
public abstract class EngineComponentTestContext : ComponentTestContext, IAsyncLifetime
{
    protected TestEngine Engine { get; private set; } = null!;

    /// <summary>Engine services the components under test inject, handed to bUnit's container.</summary>
    protected virtual IEnumerable<Type> EngineServices => [];

    protected virtual Action<FlowRunsEngineOptions>? ConfigureEngine => null;

    protected virtual Task SeedAsync() => Task.CompletedTask;

    protected sealed override void AddServices(IServiceCollection services)
    {
        foreach (var type in EngineServices) services.AddSingleton(type, _ => Engine.Services.GetRequiredService(type));
        AddMoreServices(services);
    }

    /// <summary>Services that are not the engine's (a hub client, logging…).</summary>
    protected virtual void AddMoreServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        Engine = await TestEngine.StartAsync(ConfigureEngine);
        await SeedAsync();
    }

    public new async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Engine.DeleteFiles();
        await base.DisposeAsync();
    }
}
