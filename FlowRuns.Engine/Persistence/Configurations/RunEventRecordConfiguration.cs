using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class RunEventRecordConfiguration : IEntityTypeConfiguration<RunEventRecord>
{
    public void Configure(EntityTypeBuilder<RunEventRecord> runEvent)
    {
        runEvent.ToTable("RunEvents");
        runEvent.HasIndex(e => e.RunKey);
        runEvent.HasOne<RunRecord>().WithMany().HasForeignKey(e => e.RunKey).OnDelete(DeleteBehavior.Cascade);
    }
}
