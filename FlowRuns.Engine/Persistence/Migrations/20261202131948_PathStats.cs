using Microsoft.EntityFrameworkCore.Migrations;
using FlowRuns.Engine.Persistence;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PathStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PathHourStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PathId = table.Column<int>(type: "INTEGER", nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    Runs = table.Column<long>(type: "INTEGER", nullable: false),
                    Completed = table.Column<long>(type: "INTEGER", nullable: false),
                    Failed = table.Column<long>(type: "INTEGER", nullable: false),
                    Cancelled = table.Column<long>(type: "INTEGER", nullable: false),
                    LastEndedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PathHourStats", x => new { x.FlowId, x.Version, x.PathId, x.Hour });
                });

            // The paths' figures: filled from the runs' paths already stored, then kept by triggers.
            migrationBuilder.Sql(PathStatsTriggers.Backfill);
            migrationBuilder.Sql(PathStatsTriggers.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PathStatsTriggers.Drop);
            migrationBuilder.DropTable(
                name: "PathHourStats");
        }
    }
}
