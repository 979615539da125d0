using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RunStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FlowDayStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Started = table.Column<long>(type: "INTEGER", nullable: false),
                    Completed = table.Column<long>(type: "INTEGER", nullable: false),
                    Failed = table.Column<long>(type: "INTEGER", nullable: false),
                    Cancelled = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedDurationMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowDayStats", x => new { x.FlowId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "NodeStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<string>(type: "TEXT", nullable: false),
                    Steps = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalMs = table.Column<double>(type: "REAL", nullable: false),
                    MaxMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NodeStats", x => new { x.FlowId, x.NodeId });
                });

            migrationBuilder.Sql(RunStatsTriggers.Backfill);
            migrationBuilder.Sql(RunStatsTriggers.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RunStatsTriggers.Drop);
            migrationBuilder.DropTable(
                name: "FlowDayStats");

            migrationBuilder.DropTable(
                name: "NodeStats");
        }
    }
}
