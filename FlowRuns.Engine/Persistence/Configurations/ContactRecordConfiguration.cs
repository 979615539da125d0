using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowRuns.Engine.Persistence.Configurations;

internal sealed class ContactRecordConfiguration : IEntityTypeConfiguration<ContactRecord>
{
    public void Configure(EntityTypeBuilder<ContactRecord> contact)
    {
        contact.ToTable("Contacts");
        contact.HasIndex(c => c.Email);
        contact.HasIndex(c => c.Phone);
    }
}
