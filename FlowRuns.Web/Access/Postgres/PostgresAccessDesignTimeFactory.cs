using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowRuns.Web.Access.Postgres;

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresAccessDbContext</c> build the model without a server.</summary>
internal sealed class PostgresAccessDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccessDbContext>
{
    public PostgresAccessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAccessDbContext>()
            .UseNpgsql("Host=localhost;Database=flowruns_design", npgsql => npgsql.MigrationsHistoryTable(AccessDbContext.MigrationsHistoryTable)).Options);
}
