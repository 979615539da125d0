using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence;

/// <summary>The FlowRuns store: flows and versions, contacts, runs with their steps, events and deliveries.</summary>
/// <remarks>
/// On PostgreSQL the app gets <see cref="Postgres.PostgresFlowRunsDbContext"/>, which carries that provider's migrations;
/// this class carries SQLite's.
/// </remarks>
public class FlowRunsDbContext : DbContext
{
    public FlowRunsDbContext(DbContextOptions<FlowRunsDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass (<see cref="Postgres.PostgresFlowRunsDbContext"/>).</summary>
    protected FlowRunsDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<FlowRecord> Flows => Set<FlowRecord>();
    public DbSet<FlowVersionRecord> FlowVersions => Set<FlowVersionRecord>();
    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<StepRecord> Steps => Set<StepRecord>();
    public DbSet<RunEventRecord> RunEvents => Set<RunEventRecord>();
    public DbSet<DeliveryRecord> Deliveries => Set<DeliveryRecord>();
    public DbSet<RunInboxRecord> RunInbox => Set<RunInboxRecord>();
    public DbSet<AcceptedEventRecord> AcceptedEvents => Set<AcceptedEventRecord>();
    public DbSet<FlowDayStatsRecord> FlowDayStats => Set<FlowDayStatsRecord>();
    public DbSet<NodeStatsRecord> NodeStats => Set<NodeStatsRecord>();
    public DbSet<FlowPathRecord> FlowPaths => Set<FlowPathRecord>();
    public DbSet<PathHourStatsRecord> PathHourStats => Set<PathHourStatsRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        // Run and delivery ids are stored as 16-byte blobs, not 36-character text.
        configurationBuilder.Properties<Guid>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.GuidToBytesConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlowRunsDbContext).Assembly);
}
