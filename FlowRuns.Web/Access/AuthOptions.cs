namespace FlowRuns.Web.Access;

/// <summary>
/// <c>FlowRuns:Auth</c>. The bootstrap settings create the first owner without a browser (deploy scripts, tests,
/// monitoring) — only while no owner exists yet; nothing is created when they are empty.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>An owner account to create at start: <c>FlowRuns__Auth__BootstrapOwner__Email</c> and <c>…__Password</c>.</summary>
    public BootstrapOwnerOptions BootstrapOwner { get; set; } = new();

    /// <summary>An owner API key the operator chose (≥ 32 characters), stored hashed: <c>FlowRuns__Auth__BootstrapOwnerKey</c>.</summary>
    public string? BootstrapOwnerKey { get; set; }

    /// <summary>How long an invitation link stays valid.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a sign-in lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a session and an open page re-check the user (disabled, role changed).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    public sealed class BootstrapOwnerOptions
    {
        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}
