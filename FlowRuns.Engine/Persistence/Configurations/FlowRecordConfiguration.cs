using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class FlowRecordConfiguration : IEntityTypeConfiguration<FlowRecord>
{
    public void Configure(EntityTypeBuilder<FlowRecord> flow)
    {
        flow.ToTable("Flows");
        flow.HasIndex(f => f.Key).IsUnique();
        flow.HasIndex(f => f.TriggerEvent);
        flow.HasMany(f => f.Versions).WithOne().HasForeignKey(v => v.FlowId);
    }
}
