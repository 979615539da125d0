using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class StepRecordConfiguration : IEntityTypeConfiguration<StepRecord>
{
    public void Configure(EntityTypeBuilder<StepRecord> step)
    {
        step.ToTable("Steps");
        step.HasKey(s => new { s.RunKey, s.Sequence });
        step.HasOne<RunRecord>().WithMany().HasForeignKey(s => s.RunKey).OnDelete(DeleteBehavior.Cascade);
    }
}
