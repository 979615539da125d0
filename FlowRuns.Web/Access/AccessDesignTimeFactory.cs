using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlowRuns.Web.Access;

/// <summary>Lets <c>dotnet ef migrations add … --context AccessDbContext</c> build the model without starting the app.</summary>
internal sealed class AccessDesignTimeFactory : IDesignTimeDbContextFactory<AccessDbContext>
{
    public AccessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccessDbContext>()
            .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsHistoryTable(AccessDbContext.MigrationsHistoryTable)).Options);
}
