using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The SQL that keeps <c>FlowDayStats</c> and <c>NodeStats</c> (the Overview's precomputed figures) in step with
/// <c>Runs</c> and <c>Steps</c>: triggers that fire inside the writer's transaction, whichever code path wrote the row,
/// so the figures are exactly as durable as the runs. Test runs are not counted. A run counts on the UTC day it started.
/// </summary>
public static class RunStatsTriggers
{
    public const long TicksPerDay = TimeSpan.TicksPerDay;
    private const int Completed = (int)RunStatus.Completed, Failed = (int)RunStatus.Failed, Cancelled = (int)RunStatus.Cancelled;

    private static string DayRow(string started) => $"""
        INSERT INTO "FlowDayStats" ("FlowId", "Day", "Started", "Completed", "Failed", "Cancelled", "EndedDurationMs")
        VALUES (NEW."FlowId", NEW."StartedAt" / {TicksPerDay}, {started},
                NEW."EndedAt" IS NOT NULL AND NEW."Status" = {Completed},
                NEW."EndedAt" IS NOT NULL AND NEW."Status" = {Failed},
                NEW."EndedAt" IS NOT NULL AND NEW."Status" = {Cancelled},
                CASE WHEN NEW."EndedAt" IS NOT NULL THEN (NEW."EndedAt" - NEW."StartedAt") / 10000.0 ELSE 0 END)
        ON CONFLICT ("FlowId", "Day") DO UPDATE SET
            "Started" = "Started" + excluded."Started",
            "Completed" = "Completed" + excluded."Completed",
            "Failed" = "Failed" + excluded."Failed",
            "Cancelled" = "Cancelled" + excluded."Cancelled",
            "EndedDurationMs" = "EndedDurationMs" + excluded."EndedDurationMs";
        """;

    private const string NodeRow = """
        INSERT INTO "NodeStats" ("FlowId", "NodeId", "Steps", "TotalMs", "MaxMs")
        SELECT r."FlowId", NEW."NodeId", 1, (NEW."EndedAt" - NEW."StartedAt") / 10000.0, (NEW."EndedAt" - NEW."StartedAt") / 10000.0
        FROM "Runs" AS r WHERE r."Key" = NEW."RunKey" AND r."IsTest" = 0
        ON CONFLICT ("FlowId", "NodeId") DO UPDATE SET
            "Steps" = "Steps" + 1,
            "TotalMs" = "TotalMs" + excluded."TotalMs",
            "MaxMs" = max("MaxMs", excluded."MaxMs");
        """;

    public static readonly string Create = $"""
        CREATE TRIGGER "Runs_Stats_Started" AFTER INSERT ON "Runs" WHEN NEW."IsTest" = 0
        BEGIN {DayRow("1")} END;
        CREATE TRIGGER "Runs_Stats_Ended" AFTER UPDATE OF "EndedAt" ON "Runs"
        WHEN NEW."IsTest" = 0 AND OLD."EndedAt" IS NULL AND NEW."EndedAt" IS NOT NULL
        BEGIN {DayRow("0")} END;
        CREATE TRIGGER "Steps_Stats_Ended_Insert" AFTER INSERT ON "Steps" WHEN NEW."EndedAt" IS NOT NULL
        BEGIN {NodeRow} END;
        CREATE TRIGGER "Steps_Stats_Ended_Update" AFTER UPDATE OF "EndedAt" ON "Steps"
        WHEN OLD."EndedAt" IS NULL AND NEW."EndedAt" IS NOT NULL
        BEGIN {NodeRow} END;
        """;

    /// <summary>Fills the figures from runs stored before the triggers existed.</summary>
    public static readonly string Backfill = $"""
        INSERT INTO "FlowDayStats" ("FlowId", "Day", "Started", "Completed", "Failed", "Cancelled", "EndedDurationMs")
        SELECT "FlowId", "StartedAt" / {TicksPerDay}, count(*),
               total("EndedAt" IS NOT NULL AND "Status" = {Completed}),
               total("EndedAt" IS NOT NULL AND "Status" = {Failed}),
               total("EndedAt" IS NOT NULL AND "Status" = {Cancelled}),
               total(("EndedAt" - "StartedAt") / 10000.0)
        FROM "Runs" WHERE "IsTest" = 0 GROUP BY 1, 2;
        INSERT INTO "NodeStats" ("FlowId", "NodeId", "Steps", "TotalMs", "MaxMs")
        SELECT r."FlowId", s."NodeId", count(*), total((s."EndedAt" - s."StartedAt") / 10000.0), max((s."EndedAt" - s."StartedAt") / 10000.0)
        FROM "Steps" AS s JOIN "Runs" AS r ON r."Key" = s."RunKey"
        WHERE r."IsTest" = 0 AND s."EndedAt" IS NOT NULL GROUP BY 1, 2;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS "Runs_Stats_Started";
        DROP TRIGGER IF EXISTS "Runs_Stats_Ended";
        DROP TRIGGER IF EXISTS "Steps_Stats_Ended_Insert";
        DROP TRIGGER IF EXISTS "Steps_Stats_Ended_Update";
        """;
}
