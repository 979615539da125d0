using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FlowRuns.Engine.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AcceptedEvents",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "bytea", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ContactId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Audience = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Properties = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AcceptedAt = table.Column<long>(type: "bigint", nullable: false),
                    FannedOutAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AcceptedEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Phone = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Attributes = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "bytea", nullable: false),
                    RunKey = table.Column<long>(type: "bigint", nullable: true),
                    FlowId = table.Column<int>(type: "integer", nullable: true),
                    ResendOf = table.Column<byte[]>(type: "bytea", nullable: true),
                    ResentBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    StepSequence = table.Column<int>(type: "integer", nullable: true),
                    Attempt = table.Column<int>(type: "integer", nullable: true),
                    ContactId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Channel = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Recipient = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderResponse = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Title = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Body = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Actions = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    InboxState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FlowDayStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Started = table.Column<long>(type: "bigint", nullable: false),
                    Completed = table.Column<long>(type: "bigint", nullable: false),
                    Failed = table.Column<long>(type: "bigint", nullable: false),
                    Cancelled = table.Column<long>(type: "bigint", nullable: false),
                    EndedDurationMs = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowDayStats", x => new { x.FlowId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "FlowPaths",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Signature = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowPaths", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Flows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    TriggerType = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TriggerEvent = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    NextScheduledAt = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Flows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NodeStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    NodeId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Steps = table.Column<long>(type: "bigint", nullable: false),
                    TotalMs = table.Column<double>(type: "double precision", nullable: false),
                    MaxMs = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NodeStats", x => new { x.FlowId, x.NodeId });
                });

            migrationBuilder.CreateTable(
                name: "PathHourStats",
                columns: table => new
                {
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PathId = table.Column<int>(type: "integer", nullable: false),
                    Hour = table.Column<int>(type: "integer", nullable: false),
                    Runs = table.Column<long>(type: "bigint", nullable: false),
                    Completed = table.Column<long>(type: "bigint", nullable: false),
                    Failed = table.Column<long>(type: "bigint", nullable: false),
                    Cancelled = table.Column<long>(type: "bigint", nullable: false),
                    LastEndedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PathHourStats", x => new { x.FlowId, x.Version, x.PathId, x.Hour });
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    Id = table.Column<byte[]>(type: "bytea", nullable: false),
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ContactId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Trigger = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    IsTest = table.Column<bool>(type: "boolean", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    EndedAt = table.Column<long>(type: "bigint", nullable: true),
                    CurrentNodeId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    StepCount = table.Column<int>(type: "integer", nullable: false),
                    ErrorCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorDetail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ParentRunId = table.Column<byte[]>(type: "bytea", nullable: true),
                    ReplayOf = table.Column<byte[]>(type: "bytea", nullable: true),
                    PathId = table.Column<int>(type: "integer", nullable: true),
                    WakeAt = table.Column<long>(type: "bigint", nullable: true),
                    WaitEvent = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    WaitChildRunId = table.Column<byte[]>(type: "bytea", nullable: true),
                    LeaseOwner = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    CancelRequestedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SourceEventId = table.Column<byte[]>(type: "bytea", nullable: true),
                    TriggerData = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    MockContact = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Variables = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Event = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ResumeEvent = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CancelledBy = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "FlowVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FlowId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Definition = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Fingerprint = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PublishedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FlowVersions_Flows_FlowId",
                        column: x => x.FlowId,
                        principalTable: "Flows",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunKey = table.Column<long>(type: "bigint", nullable: false),
                    StepSequence = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Properties = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    NotAwaited = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunEvents_Runs_RunKey",
                        column: x => x.RunKey,
                        principalTable: "Runs",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunInbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunKey = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<byte[]>(type: "bytea", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ContactId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Properties = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    StepSequence = table.Column<int>(type: "integer", nullable: true),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    AppliedAt = table.Column<long>(type: "bigint", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: true, collation: "C")
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

            migrationBuilder.CreateTable(
                name: "Steps",
                columns: table => new
                {
                    RunKey = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    NodeId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    EndedAt = table.Column<long>(type: "bigint", nullable: true),
                    Port = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Input = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Output = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Resolutions = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Warnings = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorDetail = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Steps", x => new { x.RunKey, x.Sequence });
                    table.ForeignKey(
                        name: "FK_Steps_Runs_RunKey",
                        column: x => x.RunKey,
                        principalTable: "Runs",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AcceptedEvents_AcceptedAt",
                table: "AcceptedEvents",
                column: "AcceptedAt",
                filter: "\"FannedOutAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Email",
                table: "Contacts",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Phone",
                table: "Contacts",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_ContactId_CreatedAt",
                table: "Deliveries",
                columns: new[] { "ContactId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_CreatedAt",
                table: "Deliveries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_FlowId_CreatedAt",
                table: "Deliveries",
                columns: new[] { "FlowId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_RunKey_StepSequence_Attempt",
                table: "Deliveries",
                columns: new[] { "RunKey", "StepSequence", "Attempt" },
                unique: true,
                filter: "\"RunKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_FlowPaths_FlowId_Version_Signature",
                table: "FlowPaths",
                columns: new[] { "FlowId", "Version", "Signature" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Flows_Key",
                table: "Flows",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Flows_TriggerEvent",
                table: "Flows",
                column: "TriggerEvent");

            migrationBuilder.CreateIndex(
                name: "IX_FlowVersions_FlowId_Number",
                table: "FlowVersions",
                columns: new[] { "FlowId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunEvents_RunKey",
                table: "RunEvents",
                column: "RunKey");

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

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ContactId_StartedAt",
                table: "Runs",
                columns: new[] { "ContactId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ContactId_WaitEvent",
                table: "Runs",
                columns: new[] { "ContactId", "WaitEvent" },
                filter: "\"WaitEvent\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Ended",
                table: "Runs",
                columns: new[] { "EndedAt", "FlowId", "Version", "Status", "IsTest" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Failures",
                table: "Runs",
                columns: new[] { "FlowId", "Version", "CurrentNodeId", "ErrorCode", "StartedAt" },
                filter: "\"ErrorCode\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FlowId_StartedAt",
                table: "Runs",
                columns: new[] { "FlowId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FlowId_Status_StartedAt",
                table: "Runs",
                columns: new[] { "FlowId", "Status", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FlowId_Version_StartedAt",
                table: "Runs",
                columns: new[] { "FlowId", "Version", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Id",
                table: "Runs",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ParentRunId",
                table: "Runs",
                column: "ParentRunId",
                filter: "\"ParentRunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Paths",
                table: "Runs",
                columns: new[] { "FlowId", "Version", "PathId", "EndedAt", "Status" },
                filter: "\"PathId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ReplayOf",
                table: "Runs",
                column: "ReplayOf",
                filter: "\"ReplayOf\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_SourceEventId_FlowId_ContactId",
                table: "Runs",
                columns: new[] { "SourceEventId", "FlowId", "ContactId" },
                unique: true,
                filter: "\"SourceEventId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_StartedAt",
                table: "Runs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Status_StartedAt",
                table: "Runs",
                columns: new[] { "Status", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_WaitChildRunId",
                table: "Runs",
                column: "WaitChildRunId",
                filter: "\"WaitChildRunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_WakeAt",
                table: "Runs",
                column: "WakeAt",
                filter: "\"Status\" = 2");

            // Store-assigned run keys, the figures' triggers and the writer's probe table (see PostgresStoreSql).
            migrationBuilder.Sql(PostgresStoreSql.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresStoreSql.Drop);

            migrationBuilder.DropTable(
                name: "AcceptedEvents");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "FlowDayStats");

            migrationBuilder.DropTable(
                name: "FlowPaths");

            migrationBuilder.DropTable(
                name: "FlowVersions");

            migrationBuilder.DropTable(
                name: "NodeStats");

            migrationBuilder.DropTable(
                name: "PathHourStats");

            migrationBuilder.DropTable(
                name: "RunEvents");

            migrationBuilder.DropTable(
                name: "RunInbox");

            migrationBuilder.DropTable(
                name: "Steps");

            migrationBuilder.DropTable(
                name: "Flows");

            migrationBuilder.DropTable(
                name: "Runs");
        }
    }
}
