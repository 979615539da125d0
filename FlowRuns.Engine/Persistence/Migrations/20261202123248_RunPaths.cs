using Microsoft.EntityFrameworkCore.Migrations;
using FlowRuns.Engine.Persistence;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RunPaths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PathId",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FlowPaths",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FlowId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowPaths", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FlowPaths_FlowId_Version_Signature",
                table: "FlowPaths",
                columns: new[] { "FlowId", "Version", "Signature" },
                unique: true);

            // Every ended run stored before paths existed gets its path (before the index on it exists: one build, not 1M updates).
            migrationBuilder.Sql(PathBackfill.Sql);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Paths",
                table: "Runs",
                columns: new[] { "FlowId", "Version", "PathId", "EndedAt", "Status" },
                filter: "\"PathId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FlowPaths");

            migrationBuilder.DropIndex(
                name: "IX_Runs_Paths",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PathId",
                table: "Runs");
        }
    }
}
