using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class FlowVersionRecordConfiguration : IEntityTypeConfiguration<FlowVersionRecord>
{
    public void Configure(EntityTypeBuilder<FlowVersionRecord> version)
    {
        version.ToTable("FlowVersions");
        version.HasIndex(v => new { v.FlowId, v.Number }).IsUnique();
        version.Property(v => v.Note).HasMaxLength(Execution.PublishOptions.MaxNoteLength);
    }
}
