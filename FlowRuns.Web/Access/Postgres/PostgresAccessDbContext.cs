using FlowRuns.Engine.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Access.Postgres;

/// <summary>
/// <see cref="AccessDbContext"/> on PostgreSQL: the same model with byte-order text (<see cref="PostgresModel"/>) and that
/// provider's migrations (<c>Access/Postgres/Migrations</c>).
/// </summary>
public sealed class PostgresAccessDbContext(DbContextOptions<PostgresAccessDbContext> options) : AccessDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        PostgresModel.UseByteOrderText(builder);
    }
}
