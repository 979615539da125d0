using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

/// <summary>A run's inbox: one entry per accepted event and run (unique), the unapplied ones found by run.</summary>
internal sealed class RunInboxRecordConfiguration : IEntityTypeConfiguration<RunInboxRecord>
{
    public void Configure(EntityTypeBuilder<RunInboxRecord> inbox)
    {
        inbox.ToTable("RunInbox");
        inbox.HasIndex(e => new { e.EventId, e.RunKey }).IsUnique();
        inbox.HasIndex(e => new { e.RunKey, e.Id }).HasFilter("\"AppliedAt\" IS NULL");
        inbox.HasOne<RunRecord>().WithMany().HasForeignKey(e => e.RunKey).OnDelete(DeleteBehavior.Cascade);
    }
}
