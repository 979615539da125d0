using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FailureIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Runs_Failures",
                table: "Runs",
                columns: new[] { "FlowId", "Version", "CurrentNodeId", "ErrorCode", "StartedAt" },
                filter: "\"ErrorCode\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_Failures",
                table: "Runs");
        }
    }
}
