using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Engine.Persistence.Postgres;

/// <summary>
/// What every context's PostgreSQL model adds to the shared one: text columns compare byte by byte (collation <c>C</c>),
/// so ordering, keyset paging and equality give what SQLite gives, whatever the database's own locale.
/// </summary>
public static class PostgresModel
{
    public const string Collation = "C";

    public static void UseByteOrderText(ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
            property.SetCollation(Collation);
    }
}
