using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Web.Access.Migrations
{
    /// <inheritdoc />
    public partial class RunChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunChecks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reviewer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    FlowKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RunId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CheckedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunChecks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RunChecks_Reviewer_FlowKey_Version_RunId",
                table: "RunChecks",
                columns: new[] { "Reviewer", "FlowKey", "Version", "RunId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunChecks");
        }
    }
}
