using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// Gives every ended run stored without a path its path (see <see cref="RunPath"/>), in SQL: the migration that added
/// paths runs it once over the runs already stored. It builds the very signature <see cref="RunPath.Signature"/> builds
/// (a test holds the two together). Test runs have no path: they are not customers' runs.
/// </summary>
public static class PathBackfill
{
    private static readonly string Ended = $"{(int)RunStatus.Completed}, {(int)RunStatus.Failed}, {(int)RunStatus.Cancelled}";

    private static readonly string SignatureOfRun =
        $"coalesce((SELECT group_concat(s.\"NodeId\" || char({(int)RunPath.PortSeparator}) || coalesce(s.\"Port\", ''), char({(int)RunPath.StepSeparator}) ORDER BY s.\"Sequence\") " +
        "FROM \"Steps\" AS s WHERE s.\"RunKey\" = r.\"Key\"), '')";

    /// <summary>One pass over the ended runs' steps into a temporary table keyed by run, the distinct paths filed, every run pointed at its path.</summary>
    public static readonly string Sql =
        $"""
        CREATE TEMP TABLE "PathBackfill" ("RunKey" INTEGER PRIMARY KEY, "FlowId" INTEGER NOT NULL, "Version" INTEGER NOT NULL, "Signature" TEXT NOT NULL);
        INSERT INTO "PathBackfill" ("RunKey", "FlowId", "Version", "Signature")
            SELECT r."Key", r."FlowId", r."Version", {SignatureOfRun}
            FROM "Runs" AS r WHERE r."Status" IN ({Ended}) AND r."IsTest" = 0 AND r."PathId" IS NULL;
        INSERT INTO "FlowPaths" ("FlowId", "Version", "Signature")
            SELECT DISTINCT "FlowId", "Version", "Signature" FROM "PathBackfill" WHERE true
            ON CONFLICT DO NOTHING;
        UPDATE "Runs" SET "PathId" = p."Id"
            FROM "PathBackfill" AS b JOIN "FlowPaths" AS p ON p."FlowId" = b."FlowId" AND p."Version" = b."Version" AND p."Signature" = b."Signature"
            WHERE b."RunKey" = "Runs"."Key";
        DROP TABLE "PathBackfill";
        """;

}
