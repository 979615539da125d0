using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Events;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Nodes.Http;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine, its store (SQLite or PostgreSQL via EF Core, see <see cref="StoreDialect"/>) and its event stream. Bind <see cref="FlowRunsEngineOptions"/> and
    /// <see cref="StorageOptions"/> from configuration before or after this call.
    /// </summary>
    public static IServiceCollection AddFlowRunsEngine(this IServiceCollection services, StorageOptions storage)
    {
        // SQLite's I/O is synchronous under EF Core's async API and waits (busy_timeout) while another connection writes;
        // on a 2-core machine the thread pool starts with 2 threads and grows about one a second, so blocked reads would
        // stall walks and timers for seconds. A floor of 32 threads keeps them moving.
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < 32) ThreadPool.SetMinThreads(32, Math.Max(io, 32));
        services.AddOptions<FlowRunsEngineOptions>();
        services.AddSingleton(storage);
        services.TryAddSingleton(TimeProvider.System);
        var dialect = StoreDialect.For(storage);
        services.AddSingleton(dialect);
        dialect.AddContextFactory<FlowRunsDbContext, Persistence.Postgres.PostgresFlowRunsDbContext>(services, historyTable: null, pooled: true);

        services.AddSingleton<NodeType, TriggerNode>();
        services.AddSingleton<NodeType, ConditionNode>();
        services.AddSingleton<NodeType, SwitchNode>();
        services.AddSingleton<NodeType, SetNode>();
        services.AddSingleton<NodeType, SendNode>();
        services.AddSingleton<NodeType, WaitNode>();
        services.AddSingleton<NodeType, DelayNode>();
        services.AddSingleton<NodeType, HttpNode>();
        services.AddSingleton<NodeType, SubflowNode>();
        services.AddSingleton<NodeType, EndNode>();
        services.AddSingleton<NodeType, StopErrorNode>();
        services.TryAddSingleton<IChannelProvider, InboxChannelProvider>();
        services.AddSingleton<HttpNodeClient>();
        services.AddSingleton<NodeTypeRegistry>();
        services.AddSingleton<FlowCompiler>();

        services.AddSingleton<IRunEventStream, RunEventStream>();
        services.AddSingleton<FlowRunsDatabase>();
        services.AddSingleton<StoreSpace>();
        services.AddSingleton(provider => new RunWriter(provider.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>(),
            provider.GetRequiredService<IRunEventStream>(), provider.GetRequiredService<StoreDialect>(), provider.GetRequiredService<StoreSpace>(),
            provider.GetRequiredService<ILogger<RunWriter>>())
        {
            Scrubber = new SecretScrubber(provider.GetRequiredService<IOptions<FlowRunsEngineOptions>>().Value.Secrets.Values),
        });
        services.TryAddSingleton<IStoreChangeFeed, LocalStoreChangeFeed>();
        services.AddSingleton<FlowCatalog>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<NodeLabels>();
        services.AddSingleton<RunQueries>();
        services.AddSingleton<FailureQueries>();
        services.AddSingleton<PathQueries>();
        services.AddSingleton<PerformanceQueries>();
        services.AddSingleton<FlowQueries>();
        services.AddSingleton<DeliveryQueries>();
        services.AddSingleton<DeliveryResender>();
        services.AddSingleton<RunCountQueries>();
        services.AddSingleton<FlowStatsQueries>();
        services.AddSingleton<FlowEngine>();
        services.AddSingleton<EventRouter>();
        services.AddSingleton<AudienceResolver>();
        // Order matters: the store is migrated and interrupted runs recovered before the scheduler looks for due timers.
        services.AddHostedService<EngineHostedService>();
        services.AddHostedService<RunScheduler>();
        services.AddHostedService<RecoverySweeper>();
        services.AddSingleton<WalCheckpointer>();
        services.AddHostedService(provider => provider.GetRequiredService<WalCheckpointer>());
        services.TryAddSingleton<IRetentionPolicy, ConfiguredRetention>();
        services.AddSingleton<RetentionPurge>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionPurge>());
        return services;
    }
}
