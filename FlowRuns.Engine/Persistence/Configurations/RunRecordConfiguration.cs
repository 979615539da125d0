using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

/// <summary>
/// Runs are listed newest first, filtered by status, flow, version, contact and time: each index ends in StartedAt
/// (and the row key), so a filtered page is one ordered index range scan.
/// </summary>
internal sealed class RunRecordConfiguration : IEntityTypeConfiguration<RunRecord>
{
    public void Configure(EntityTypeBuilder<RunRecord> run)
    {
        run.ToTable("Runs");
        run.HasKey(r => r.Key);
        // The key is assigned by the store (SQLite's rowid; an identity column on PostgreSQL): the writer inserts a new run without it and reads back the key the store gave
        // (no in-memory counter, so engines in several processes can share one store).
        run.Property(r => r.Key).ValueGeneratedNever();
        run.HasIndex(r => r.Id).IsUnique();
        run.HasIndex(r => r.StartedAt);
        run.HasIndex(r => new { r.Status, r.StartedAt });
        run.HasIndex(r => new { r.FlowId, r.StartedAt });
        run.HasIndex(r => new { r.FlowId, r.Status, r.StartedAt });
        run.HasIndex(r => new { r.FlowId, r.Version, r.StartedAt });
        run.HasIndex(r => new { r.ContactId, r.StartedAt });
        run.HasIndex(r => r.WakeAt).HasFilter($"\"Status\" = {(int)RunStatus.Waiting}");
        run.HasIndex(r => new { r.ContactId, r.WaitEvent }).HasFilter("\"WaitEvent\" IS NOT NULL");
        run.HasIndex(r => r.WaitChildRunId).HasFilter("\"WaitChildRunId\" IS NOT NULL");
        run.HasIndex(r => new { r.SourceEventId, r.FlowId, r.ContactId }).IsUnique().HasFilter("\"SourceEventId\" IS NOT NULL");
        run.HasIndex(r => r.ParentRunId).HasFilter("\"ParentRunId\" IS NOT NULL");
        run.HasIndex(r => r.ReplayOf).HasFilter("\"ReplayOf\" IS NOT NULL");
        // Runs by the time they ended, covering what a watcher counts (ended, failed; per flow and version; test runs apart):
        // an alert rule's check reads an index range, not every run.
        run.HasIndex(r => new { r.EndedAt, r.FlowId, r.Version, r.Status, r.IsTest }).HasDatabaseName("IX_Runs_Ended");
        // Failure groups (version, node, code over a window) stream out of this index in its order: grouped without a sort,
        // never touching the table (the window's bound is checked on the index entries). Only failed runs have an error
        // code, so the index holds exactly them; it is keyed on the code (not the status) so that SQLite, given a query
        // on the code, has no other index to prefer.
        // Paths (a version's ended runs grouped by the path they took, over an end-time window) stream out of this index:
        // grouped without a sort or a table read; a group's latest runs are its tail.
        run.HasIndex(r => new { r.FlowId, r.Version, r.PathId, r.EndedAt, r.Status }).HasFilter("\"PathId\" IS NOT NULL").HasDatabaseName("IX_Runs_Paths");
        run.HasIndex(r => new { r.FlowId, r.Version, r.CurrentNodeId, r.ErrorCode, r.StartedAt }).HasFilter("\"ErrorCode\" IS NOT NULL").HasDatabaseName("IX_Runs_Failures");
    }
}
