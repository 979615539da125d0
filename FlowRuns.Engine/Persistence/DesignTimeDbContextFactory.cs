using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowRuns.Engine.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FlowRunsDbContext>
{
    public FlowRunsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FlowRunsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
