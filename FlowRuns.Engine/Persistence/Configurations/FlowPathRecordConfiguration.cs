using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class FlowPathRecordConfiguration : IEntityTypeConfiguration<FlowPathRecord>
{
    public void Configure(EntityTypeBuilder<FlowPathRecord> path)
    {
        path.ToTable("FlowPaths");
        path.HasIndex(p => new { p.FlowId, p.Version, p.Signature }).IsUnique();
    }
}
