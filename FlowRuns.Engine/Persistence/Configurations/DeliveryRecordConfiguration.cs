using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class DeliveryRecordConfiguration : IEntityTypeConfiguration<DeliveryRecord>
{
    public void Configure(EntityTypeBuilder<DeliveryRecord> delivery)
    {
        delivery.ToTable("Deliveries");
        delivery.HasIndex(d => new { d.RunKey, d.StepSequence, d.Attempt }).IsUnique().HasFilter("\"RunKey\" IS NOT NULL");
        delivery.HasIndex(d => new { d.ContactId, d.CreatedAt });
        delivery.HasIndex(d => d.CreatedAt);
        delivery.HasIndex(d => new { d.FlowId, d.CreatedAt });
        delivery.Property(d => d.ResentBy).HasMaxLength(200);
    }
}
