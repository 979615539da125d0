using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class NodeStatsRecordConfiguration : IEntityTypeConfiguration<NodeStatsRecord>
{
    public void Configure(EntityTypeBuilder<NodeStatsRecord> stats)
    {
        stats.ToTable("NodeStats");
        stats.HasKey(s => new { s.FlowId, s.NodeId });
    }
}
