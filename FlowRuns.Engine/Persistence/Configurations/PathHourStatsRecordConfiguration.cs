using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class PathHourStatsRecordConfiguration : IEntityTypeConfiguration<PathHourStatsRecord>
{
    public void Configure(EntityTypeBuilder<PathHourStatsRecord> stats)
    {
        stats.ToTable("PathHourStats");
        stats.HasKey(s => new { s.FlowId, s.Version, s.PathId, s.Hour });
    }
}
