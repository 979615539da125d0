using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class FlowDayStatsRecordConfiguration : IEntityTypeConfiguration<FlowDayStatsRecord>
{
    public void Configure(EntityTypeBuilder<FlowDayStatsRecord> stats)
    {
        stats.ToTable("FlowDayStats");
        stats.HasKey(s => new { s.FlowId, s.Day });
    }
}
