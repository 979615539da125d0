using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Postgres;

/// <summary>
/// The store's context on PostgreSQL: the same model, with that provider's migrations (<c>Persistence/Postgres/Migrations</c>)
/// and byte-order text (<see cref="PostgresModel"/>). The app only ever sees it as a <see cref="FlowRunsDbContext"/>.
/// </summary>
public sealed class PostgresFlowRunsDbContext(DbContextOptions<PostgresFlowRunsDbContext> options) : FlowRunsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        PostgresModel.UseByteOrderText(modelBuilder);
    }
}
