using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Engine.Persistence.Postgres.Migrations
{
    /// <summary>
    /// The figures' triggers fire at commit (deferred constraint triggers) instead of at each statement, so nodes writing
    /// the same flow no longer hold its figure rows for each other's whole transaction (see <see cref="PostgresStoreSql.FigureTriggers"/>).
    /// </summary>
    public partial class DeferredFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresStoreSql.DropFigureTriggers + PostgresStoreSql.FigureTriggers(deferred: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresStoreSql.DropFigureTriggers + PostgresStoreSql.FigureTriggers(deferred: false));
        }
    }
}
