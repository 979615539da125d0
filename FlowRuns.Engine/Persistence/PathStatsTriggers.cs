using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The SQL that keeps <c>PathHourStats</c> in step with <c>Runs</c>: a run is counted once, on the hour it ended, when
/// it gets its path (inserted with one — a run that ends in its first write — or updated to one). Triggers fire inside
/// the writer's transaction, so the figures are exactly as durable as the runs; like the Overview's figures they are
/// kept when retention deletes runs.
/// </summary>
public static class PathStatsTriggers
{
    public const long TicksPerHour = TimeSpan.TicksPerHour;
    private const int Completed = (int)RunStatus.Completed, Failed = (int)RunStatus.Failed, Cancelled = (int)RunStatus.Cancelled;

    private static readonly string Row = $"""
        INSERT INTO "PathHourStats" ("FlowId", "Version", "PathId", "Hour", "Runs", "Completed", "Failed", "Cancelled", "LastEndedAt")
        VALUES (NEW."FlowId", NEW."Version", NEW."PathId", NEW."EndedAt" / {TicksPerHour}, 1,
                NEW."Status" = {Completed}, NEW."Status" = {Failed}, NEW."Status" = {Cancelled}, NEW."EndedAt")
        ON CONFLICT ("FlowId", "Version", "PathId", "Hour") DO UPDATE SET
            "Runs" = "Runs" + 1,
            "Completed" = "Completed" + excluded."Completed",
            "Failed" = "Failed" + excluded."Failed",
            "Cancelled" = "Cancelled" + excluded."Cancelled",
            "LastEndedAt" = max("LastEndedAt", excluded."LastEndedAt");
        """;

    public static readonly string Create = $"""
        CREATE TRIGGER "Runs_Paths_Inserted" AFTER INSERT ON "Runs" WHEN NEW."PathId" IS NOT NULL AND NEW."EndedAt" IS NOT NULL
        BEGIN {Row} END;
        CREATE TRIGGER "Runs_Paths_Filed" AFTER UPDATE OF "PathId" ON "Runs"
        WHEN OLD."PathId" IS NULL AND NEW."PathId" IS NOT NULL AND NEW."EndedAt" IS NOT NULL
        BEGIN {Row} END;
        """;

    /// <summary>Fills the figures from the runs' paths stored before the triggers existed.</summary>
    public static readonly string Backfill = $"""
        INSERT INTO "PathHourStats" ("FlowId", "Version", "PathId", "Hour", "Runs", "Completed", "Failed", "Cancelled", "LastEndedAt")
        SELECT "FlowId", "Version", "PathId", "EndedAt" / {TicksPerHour}, count(*),
               total("Status" = {Completed}), total("Status" = {Failed}), total("Status" = {Cancelled}), max("EndedAt")
        FROM "Runs" WHERE "PathId" IS NOT NULL AND "EndedAt" IS NOT NULL GROUP BY 1, 2, 3, 4;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS "Runs_Paths_Inserted";
        DROP TRIGGER IF EXISTS "Runs_Paths_Filed";
        """;
}
