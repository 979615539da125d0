using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowRuns.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RunOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_ContactId_WaitingFor",
                table: "Runs");

            migrationBuilder.RenameColumn(
                name: "WaitingFor",
                table: "Runs",
                newName: "WaitEvent");

            migrationBuilder.AddColumn<string>(
                name: "CancelRequestedBy",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SourceEventId",
                table: "Runs",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "WaitChildRunId",
                table: "Runs",
                type: "BLOB",
                nullable: true);

            // A run waiting for a subflow child stored "subflow:<child id as 32 hex digits>" in WaitingFor: move the child id
            // into its own column, in the 16-byte layout of Guid.ToByteArray (the first three groups little-endian).
            migrationBuilder.Sql("""
                UPDATE "Runs" SET "WaitChildRunId" = unhex(
                    substr("WaitEvent", 15, 2) || substr("WaitEvent", 13, 2) || substr("WaitEvent", 11, 2) || substr("WaitEvent", 9, 2) ||
                    substr("WaitEvent", 19, 2) || substr("WaitEvent", 17, 2) ||
                    substr("WaitEvent", 23, 2) || substr("WaitEvent", 21, 2) ||
                    substr("WaitEvent", 25, 16)),
                    "WaitEvent" = NULL
                WHERE "WaitEvent" LIKE 'subflow:%' AND length("WaitEvent") = 40;
                """);

            // The health check's probe: a write that must grow the store by 64 KiB (see WriterStatements.Probe). Not in the
            // EF model: nothing but the probe reads or writes it.
            migrationBuilder.Sql("""CREATE TABLE "StoreProbe" ("Id" INTEGER PRIMARY KEY, "Payload" BLOB NOT NULL);""");

            migrationBuilder.AddColumn<bool>(
                name: "NotAwaited",
                table: "RunEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AcceptedEvents",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ContactId = table.Column<string>(type: "TEXT", nullable: true),
                    Audience = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FannedOutAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcceptedEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunInbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunKey = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ContactId = table.Column<string>(type: "TEXT", nullable: false),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    StepSequence = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunInbox", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunInbox_Runs_RunKey",
                        column: x => x.RunKey,
                        principalTable: "Runs",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ContactId_WaitEvent",
                table: "Runs",
                columns: new[] { "ContactId", "WaitEvent" },
                filter: "\"WaitEvent\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_SourceEventId_FlowId_ContactId",
                table: "Runs",
                columns: new[] { "SourceEventId", "FlowId", "ContactId" },
                unique: true,
                filter: "\"SourceEventId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_WaitChildRunId",
                table: "Runs",
                column: "WaitChildRunId",
                filter: "\"WaitChildRunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AcceptedEvents_AcceptedAt",
                table: "AcceptedEvents",
                column: "AcceptedAt",
                filter: "\"FannedOutAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RunInbox_EventId_RunKey",
                table: "RunInbox",
                columns: new[] { "EventId", "RunKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunInbox_RunKey_Id",
                table: "RunInbox",
                columns: new[] { "RunKey", "Id" },
                filter: "\"AppliedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "StoreProbe";""");
            // Back to one string: "subflow:<child id as 32 hex digits>".
            migrationBuilder.Sql("""
                UPDATE "Runs" SET "WaitEvent" = 'subflow:' || lower(
                    substr(hex("WaitChildRunId"), 7, 2) || substr(hex("WaitChildRunId"), 5, 2) || substr(hex("WaitChildRunId"), 3, 2) ||
                    substr(hex("WaitChildRunId"), 1, 2) || substr(hex("WaitChildRunId"), 11, 2) || substr(hex("WaitChildRunId"), 9, 2) ||
                    substr(hex("WaitChildRunId"), 15, 2) || substr(hex("WaitChildRunId"), 13, 2) || substr(hex("WaitChildRunId"), 17, 16))
                WHERE "WaitChildRunId" IS NOT NULL;
                """);

            migrationBuilder.DropTable(
                name: "AcceptedEvents");

            migrationBuilder.DropTable(
                name: "RunInbox");

            migrationBuilder.DropIndex(
                name: "IX_Runs_ContactId_WaitEvent",
                table: "Runs");

            migrationBuilder.DropIndex(
                name: "IX_Runs_SourceEventId_FlowId_ContactId",
                table: "Runs");

            migrationBuilder.DropIndex(
                name: "IX_Runs_WaitChildRunId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "CancelRequestedBy",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "SourceEventId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "WaitChildRunId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "NotAwaited",
                table: "RunEvents");

            migrationBuilder.RenameColumn(
                name: "WaitEvent",
                table: "Runs",
                newName: "WaitingFor");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ContactId_WaitingFor",
                table: "Runs",
                columns: new[] { "ContactId", "WaitingFor" },
                filter: "\"WaitingFor\" IS NOT NULL");
        }
    }
}
