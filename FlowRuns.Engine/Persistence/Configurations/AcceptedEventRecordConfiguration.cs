using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

/// <summary>Accepted contact events; the ones whose fan-out has not finished are found by a filtered index.</summary>
internal sealed class AcceptedEventRecordConfiguration : IEntityTypeConfiguration<AcceptedEventRecord>
{
    public void Configure(EntityTypeBuilder<AcceptedEventRecord> accepted)
    {
        accepted.ToTable("AcceptedEvents");
        accepted.HasKey(e => e.Id);
        accepted.HasIndex(e => e.AcceptedAt).HasFilter("\"FannedOutAt\" IS NULL");
    }
}
