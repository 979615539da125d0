namespace FlowRuns.Engine.Persistence.Entities;

/// <summary>A customer a flow runs for. <see cref="Attributes"/> is a JSON object whose members are variables.</summary>
public sealed class ContactRecord
{
    public required string Id { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string Attributes { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
