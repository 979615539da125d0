using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowRuns.Engine.Persistence.Postgres;

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresFlowRunsDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFlowRunsDbContext>
{
    public PostgresFlowRunsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFlowRunsDbContext>().UseNpgsql("Host=localhost;Database=flowruns_design").Options);
}
