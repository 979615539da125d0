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
        // The key is SQLite's rowid: the writer inserts a new run without it and reads back the key the store gave
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
    }
}
