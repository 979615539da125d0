namespace FlowRuns.Web.Access;

/// <summary>
/// An API key as stored: never the key itself — its SHA-256 hash and its short public prefix (the first
/// <see cref="ApiKeys.PrefixLength"/> characters) that tells keys apart in lists and in the audit trail.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public string Hash { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>owner, manager, viewer or ingest.</summary>
    public string Role { get; set; } = Roles.Ingest;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
