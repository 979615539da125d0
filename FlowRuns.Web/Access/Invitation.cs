namespace FlowRuns.Web.Access;

/// <summary>A one-time invitation link as stored: the hash of its token, never the token.</summary>
public sealed class Invitation
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token, hex.</summary>
    public string TokenHash { get; set; } = "";

    public string Email { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
