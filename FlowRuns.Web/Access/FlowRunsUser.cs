using Microsoft.AspNetCore.Identity;

namespace FlowRuns.Web.Access;

/// <summary>A person who signs in: an ASP.NET Core Identity user with one FlowRuns role (<see cref="Roles"/>).</summary>
public sealed class FlowRunsUser : IdentityUser
{
    /// <summary>owner, manager or viewer.</summary>
    public string Role { get; set; } = Roles.Viewer;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who created (or invited) this user; "setup" for the first owner.</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>A disabled user cannot sign in; their open sessions end at the next revalidation.</summary>
    public bool Disabled { get; set; }
}
