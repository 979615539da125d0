using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryFlowsAndResends : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FlowId",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ResendOf",
                table: "Deliveries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResentBy",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Deliveries sent before this migration take their flow from their run.
            migrationBuilder.Sql("""UPDATE "Deliveries" SET "FlowId" = (SELECT "FlowId" FROM "Runs" WHERE "Runs"."Key" = "Deliveries"."RunKey") WHERE "RunKey" IS NOT NULL;""");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_FlowId_CreatedAt",
                table: "Deliveries",
                columns: new[] { "FlowId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_FlowId_CreatedAt",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "FlowId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "ResendOf",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "ResentBy",
                table: "Deliveries");
        }
    }
}
